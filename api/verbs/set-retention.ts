// The admin sets how long closed cases keep their personal data before anonymisation (DESIGN §5,
// api/jobs/anonymise-closed.ts): one transaction with its admin audit row.
import type { Deps } from '../context.ts';
import { retentionDays } from '../jobs/anonymise-closed.ts';
import { recordAdminChange, type AdminActor } from '../services/admin-audit.ts';

export async function setRetentionDays(deps: Deps, actor: AdminActor, days: number) {
  const before = await retentionDays(deps);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('settings')
      .values({ key: 'retention_days', value: JSON.stringify(days) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(days), updated_at: deps.now() }))
      .execute();
    await recordAdminChange(trx, actor, { action: 'settings.retention', target: 'retention_days', before: { days: before }, after: { days } }, deps.now());
  });
  return { days };
}
