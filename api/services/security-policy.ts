// The staff sign-in security policy in force (settings `security_policy` over the defaults in
// api/contract/security.ts). Read on every session check, so it is cached per process for 10 s:
// an admin's change reaches every process within that time, and no request waits on a query.
import { SECURITY_POLICY_DEFAULTS, securityPolicySchema, TOTP_REQUIRED_ROLES, type SecurityPolicy } from '../contract/security.ts';
import type { Role } from '../contract/enums.ts';
import type { Database } from '../db/database.ts';

export const SECURITY_POLICY_KEY = 'security_policy';
const TTL_MS = 10_000;
const cache = new WeakMap<Database, { at: number; value: SecurityPolicy }>();

export async function readSecurityPolicy(db: Database): Promise<SecurityPolicy> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', SECURITY_POLICY_KEY).executeTakeFirst();
  const merged = securityPolicySchema.safeParse({ ...SECURITY_POLICY_DEFAULTS, ...((row?.value as object) ?? {}) });
  return merged.success ? merged.data : SECURITY_POLICY_DEFAULTS;
}

/** The policy in force, from this process's cache when it is fresh. */
export async function securityPolicy(db: Database): Promise<SecurityPolicy> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const value = await readSecurityPolicy(db);
  cache.set(db, { at: Date.now(), value });
  return value;
}

export function forgetSecurityPolicy(db: Database) {
  cache.delete(db);
}

/** Whether this role must sign in with a second factor under this policy. */
export function totpRequired(policy: SecurityPolicy, role: Role): boolean {
  return policy.totpForAll || (TOTP_REQUIRED_ROLES as readonly string[]).includes(role);
}

/** What a staff member needs to know to choose a new password (the login and me answers). */
export async function passwordRules(db: Database) {
  const p = await securityPolicy(db);
  return { minLength: p.minLength, minClasses: p.minClasses, historyCount: p.historyCount, expiryDays: p.expiryDays };
}
