// Reads of staff accounts: the signed-in user's profile (the login / me answer) and the admin's
// user list. Password hashes never leave this module's queries.
import type { Role } from '../contract/enums.ts';
import type { Deps } from '../context.ts';

export type StaffProfile = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  agencyId: string | null;
  agencyName: string | null;
  mustChangePassword: boolean;
};

function usersWithAgency(deps: Deps) {
  return deps.db
    .selectFrom('users as u')
    .leftJoin('agencies as a', 'a.id', 'u.agency_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.role', 'u.agency_id', 'a.name as agency_name', 'u.must_change_password', 'u.disabled', 'u.created_at', 'u.password_changed_at']);
}

type Row = Awaited<ReturnType<ReturnType<typeof usersWithAgency>['executeTakeFirstOrThrow']>>;

function toProfile(r: Row): StaffProfile {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name || r.username,
    role: r.role as Role,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    mustChangePassword: r.must_change_password,
  };
}

export async function staffProfile(deps: Deps, userId: string): Promise<StaffProfile> {
  return toProfile(await usersWithAgency(deps).where('u.id', '=', userId).executeTakeFirstOrThrow());
}

export async function listUsers(deps: Deps) {
  const rows = await usersWithAgency(deps).orderBy('u.username').execute();
  return rows.map((r) => ({ ...toProfile(r), disabled: r.disabled, createdAt: r.created_at.toISOString(), passwordChangedAt: r.password_changed_at.toISOString() }));
}
