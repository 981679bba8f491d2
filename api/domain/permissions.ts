// The one table of who may do what (CONVENTIONS 4): roles → permissions. Every staff endpoint
// names one permission and `requireStaff` checks it here; nothing else hard-codes a role, except
// the lifecycle table for case actions and the agency scoping of case queries. Pure.
import type { Role } from '../contract/enums.ts';

export const PERMISSIONS = [
  'case.read',
  'case.register',
  'case.act',
  'identity.reveal',
  'users.manage',
  'agencies.manage',
  'categories.manage',
  'calendar.manage',
  'settings.manage',
  'content.edit',
  'content.publish',
  'reception.edit',
  'stats.read',
  'cases.export',
  'cases.import',
  'bulletin.edit',
  'audit.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const OFFICE_COMMON: readonly Permission[] = ['case.read', 'case.register', 'case.act', 'identity.reveal', 'stats.read', 'cases.export', 'bulletin.edit'];

/** What each role may do. An agency officer's case permissions reach only their agency's cases
 *  (enforced in the case query scope, api/services/case-scope.ts). */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  clerk: [...OFFICE_COMMON, 'cases.import'],
  leader: OFFICE_COMMON,
  agency: ['case.read', 'case.act', 'identity.reveal'],
  editor: ['content.edit', 'content.publish', 'reception.edit'],
  // No case.read, hence no identity.reveal either: revealing needs both (issue 13).
  admin: ['users.manage', 'agencies.manage', 'categories.manage', 'calendar.manage', 'settings.manage', 'audit.read'],
};

export function can(role: Role, perm: Permission): boolean {
  return ROLE_PERMISSIONS[role]?.includes(perm) ?? false;
}
