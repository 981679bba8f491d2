// Staff sessions kept in PostgreSQL (DESIGN §6: any process can serve any request). The cookie
// holds a random 256-bit id; the table holds only its SHA-256. A session ends after the admin's
// idle timeout (security policy, default 30 minutes) without a request or 12 hours after sign-in,
// whichever comes first, and with its user's password change or account suspension.
import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Role } from '../contract/enums.ts';
import type { Deps, StaffSession } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { securityPolicy, totpRequired } from './security-policy.ts';

/** The idle timeout when the admin has not set one (api/contract/security.ts). */
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;
/** last_seen_at is written at most this often, so reads do not all turn into writes. */
const TOUCH_EVERY_MS = 60_000;

const hashId = (id: string) => crypto.createHash('sha256').update(id).digest();
const token = () => crypto.randomBytes(32).toString('base64url');

export async function createSession(deps: Deps, userId: string, trx: Kysely<DB> | Transaction<DB> = deps.db): Promise<{ sessionId: string; csrfToken: string }> {
  const sessionId = token();
  const csrfToken = token();
  const now = deps.now();
  await trx
    .insertInto('sessions')
    .values({ id_hash: hashId(sessionId), user_id: userId, csrf_token: csrfToken, created_at: now, last_seen_at: now })
    .execute();
  return { sessionId, csrfToken };
}

/** The live session for a cookie value, or undefined; an expired one is deleted on sight. */
export async function resolveSession(deps: Deps, sessionId: string | undefined): Promise<StaffSession | undefined> {
  if (!sessionId || sessionId.length > 100) return undefined;
  const idHash = hashId(sessionId);
  const [row, policy] = await Promise.all([
    deps.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.csrf_token', 's.created_at', 's.last_seen_at', 'u.id', 'u.username', 'u.display_name', 'u.role', 'u.agency_id', 'u.must_change_password', 'u.disabled', 'u.totp_enabled_at'])
      .where('s.id_hash', '=', idHash)
      .executeTakeFirst(),
    securityPolicy(deps.db),
  ]);
  if (!row) return undefined;
  const now = deps.now().getTime();
  if (row.disabled || now - row.last_seen_at.getTime() > policy.idleMinutes * 60_000 || now - row.created_at.getTime() > SESSION_ABSOLUTE_MS) {
    await deps.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    return undefined;
  }
  if (now - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    await deps.db.updateTable('sessions').set({ last_seen_at: deps.now() }).where('id_hash', '=', idHash).execute();
  }
  return {
    sessionId: idHash.toString('hex'),
    userId: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    agencyId: row.agency_id,
    csrfToken: row.csrf_token,
    mustChangePassword: row.must_change_password,
    mustEnrolTotp: !row.totp_enabled_at && totpRequired(policy, row.role as Role),
  };
}

export async function endSession(deps: Deps, sessionId: string) {
  await deps.db.deleteFrom('sessions').where('id_hash', '=', hashId(sessionId)).execute();
}

/** Signs a user out everywhere, except (optionally) the session given by its stored hash. */
export async function endUserSessions(deps: Deps, userId: string, exceptIdHashHex?: string) {
  let q = deps.db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptIdHashHex) q = q.where('id_hash', '!=', Buffer.from(exceptIdHashHex, 'hex'));
  await q.execute();
}

export async function pruneSessions(deps: Deps) {
  const now = deps.now().getTime();
  const idleMs = Math.max(SESSION_IDLE_MS, (await securityPolicy(deps.db)).idleMinutes * 60_000);
  await deps.db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('last_seen_at', '<', new Date(now - idleMs)), eb('created_at', '<', new Date(now - SESSION_ABSOLUTE_MS))]))
    .execute();
}
