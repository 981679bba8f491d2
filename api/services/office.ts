// The office's own identity (name, address, postcode, phone, reception hours, 文号 prefix): one
// setting, written from OFFICE_NAME / OFFICE_ADDRESS / OFFICE_PHONE on a first start and by the
// admin afterwards (audited). Every page, notice and export reads it here, so a change shows
// without a rebuild; each process re-reads it at most every few seconds.
import type { Deps } from '../context.ts';
import { officeIdentitySchema, type OfficeIdentity } from '../contract/schemas.ts';
import type { Database } from '../db/database.ts';
import { recordAdminChange, SYSTEM_ACTOR, type AdminActor } from './admin-audit.ts';

export type { OfficeIdentity };

/** What an installation shows before anyone has named it: an obvious placeholder. */
export const OFFICE_PLACEHOLDER: OfficeIdentity = {
  name: 'XX市人大常委会',
  address: '',
  postcode: '',
  phone: '',
  receptionHours: '',
  docPrefix: '',
};

const KEY = 'office';
const TTL_MS = 5_000;
const cache = new WeakMap<Database, { at: number; value: OfficeIdentity; version: string }>();

/** The office identity in force, and a short version tag that changes with it (for ETags). */
export async function officeWithVersion(deps: Pick<Deps, 'db'>): Promise<{ value: OfficeIdentity; version: string }> {
  const hit = cache.get(deps.db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit;
  const row = await deps.db.selectFrom('settings').select(['value', 'updated_at']).where('key', '=', KEY).executeTakeFirst();
  const parsed = officeIdentitySchema.safeParse(row?.value ?? {});
  const value = parsed.success ? parsed.data : OFFICE_PLACEHOLDER;
  const entry = { at: Date.now(), value, version: row ? String(row.updated_at.getTime()) : '0' };
  cache.set(deps.db, entry);
  return entry;
}

export async function officeIdentity(deps: Pick<Deps, 'db'>): Promise<OfficeIdentity> {
  return (await officeWithVersion(deps)).value;
}

/** First start: the OFFICE_* settings name the office, once; later starts leave the admin's edits. */
export async function seedOfficeIdentity(deps: Deps): Promise<void> {
  const { name, address, phone } = deps.config.office;
  const value: OfficeIdentity = { ...OFFICE_PLACEHOLDER, ...(name ? { name } : {}), ...(address ? { address } : {}), ...(phone ? { phone } : {}) };
  await deps.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('settings')
      .values({ key: KEY, value: JSON.stringify(value) })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted) await recordAdminChange(trx, SYSTEM_ACTOR, { action: 'settings.office', target: KEY, after: value, reason: '首次启动' }, deps.now());
  });
  cache.delete(deps.db);
}

/** The admin's edit: validated by the caller with officeIdentitySchema; audited with before/after. */
export async function updateOfficeIdentity(deps: Deps, actor: AdminActor, next: OfficeIdentity): Promise<OfficeIdentity> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('settings').select('value').where('key', '=', KEY).forUpdate().executeTakeFirst();
    await trx
      .insertInto('settings')
      .values({ key: KEY, value: JSON.stringify(next), updated_at: deps.now() })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(next), updated_at: deps.now() }))
      .execute();
    await recordAdminChange(trx, actor, { action: 'settings.office', target: KEY, before: row?.value ?? null, after: next }, deps.now());
  });
  cache.delete(deps.db);
  return next;
}
