// Reads of staff accounts: the signed-in user's profile (the login / me answer) and the admin's
// user list. Password hashes and TOTP secrets never leave this module's queries.
import type { Role } from '../contract/enums.ts';
import type { Deps } from '../context.ts';
import { securityPolicy, totpRequired } from './security-policy.ts';

export type StaffProfile = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  agencyId: string | null;
  agencyName: string | null;
  mustChangePassword: boolean;
  /** Two-factor sign-in is set up. */
  totpEnabled: boolean;
  /** Two-factor sign-in is required of this user and not yet set up. */
  mustEnrolTotp: boolean;
};

function usersWithAgency(deps: Deps) {
  return deps.db
    .selectFrom('users as u')
    .leftJoin('agencies as a', 'a.id', 'u.agency_id')
    .select([
      'u.id', 'u.username', 'u.display_name', 'u.role', 'u.agency_id', 'a.name as agency_name', 'u.must_change_password', 'u.disabled',
      'u.created_at', 'u.password_changed_at', 'u.totp_enabled_at', 'u.locked_until', 'u.last_login_at', 'u.last_login_ip',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof usersWithAgency>['executeTakeFirstOrThrow']>>;

function toProfile(r: Row, totpForRole: (role: Role) => boolean): StaffProfile {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name || r.username,
    role: r.role as Role,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    mustChangePassword: r.must_change_password,
    totpEnabled: r.totp_enabled_at !== null,
    mustEnrolTotp: r.totp_enabled_at === null && totpForRole(r.role as Role),
  };
}

async function totpRule(deps: Deps) {
  const policy = await securityPolicy(deps.db);
  return (role: Role) => totpRequired(policy, role);
}

export async function staffProfile(deps: Deps, userId: string): Promise<StaffProfile> {
  const [row, rule] = await Promise.all([usersWithAgency(deps).where('u.id', '=', userId).executeTakeFirstOrThrow(), totpRule(deps)]);
  return toProfile(row, rule);
}

/** The sign-in before the current one, for the "上次登录" line. */
export async function lastLoginOf(deps: Deps, userId: string) {
  const r = await deps.db.selectFrom('users').select(['prev_login_at', 'prev_login_ip', 'prev_failed_attempts']).where('id', '=', userId).executeTakeFirst();
  return r?.prev_login_at ? { at: r.prev_login_at.toISOString(), ip: r.prev_login_ip ?? '', failedAttempts: r.prev_failed_attempts } : null;
}

export async function listUsers(deps: Deps) {
  const [rows, rule] = await Promise.all([usersWithAgency(deps).orderBy('u.username').execute(), totpRule(deps)]);
  const now = deps.now();
  return rows.map((r) => ({
    ...toProfile(r, rule),
    disabled: r.disabled,
    createdAt: r.created_at.toISOString(),
    passwordChangedAt: r.password_changed_at.toISOString(),
    lockedUntil: r.locked_until && r.locked_until > now ? r.locked_until.toISOString() : null,
    lastLoginAt: r.last_login_at?.toISOString() ?? null,
    lastLoginIp: r.last_login_ip,
  }));
}
