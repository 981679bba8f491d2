// The office's procedure settings beyond the clock periods (issue 13): when an agency's handling
// days start (条例 art. 34), how many days a posted reply takes to arrive when its delivery date is
// not recorded (art. 35), and how long after closing a citizen may still rate the reply. Each
// change is audited with its before and after, in the change's own transaction.
import { z } from 'zod';
import { HANDLE_START_RULE_LABELS, HANDLE_START_RULES } from '../contract/enums.ts';
import type { Deps } from '../context.ts';
import { recordAdminChange, type AdminActor } from '../services/admin-audit.ts';
import { clockRules, invalidateClockRules, PROCEDURE_DEFAULTS, type Procedure } from '../services/clocks.ts';

export const POSTAL_DAYS_MAX = 30;
export const RATING_DAYS_MAX = 3650;

export const procedurePatch = z
  .object({
    handleStart: z.enum(HANDLE_START_RULES, { error: '请选择办理期限的起算方式' }).optional(),
    postalDays: z.number({ error: '邮寄在途天数须为数字' }).int({ error: '邮寄在途天数须为整数' }).min(1, { error: '邮寄在途天数至少 1 日' }).max(POSTAL_DAYS_MAX, { error: `邮寄在途天数不能超过 ${POSTAL_DAYS_MAX} 日` }).optional(),
    ratingDays: z.number({ error: '评价期限须为数字' }).int({ error: '评价期限须为整数' }).min(1, { error: '评价期限至少 1 日' }).max(RATING_DAYS_MAX, { error: `评价期限不能超过 ${RATING_DAYS_MAX} 日` }).optional(),
  })
  .strict();
export type ProcedurePatch = z.infer<typeof procedurePatch>;

export async function procedureSettings(deps: Deps) {
  const { procedure } = await clockRules(deps.db);
  return { ...procedure, defaults: PROCEDURE_DEFAULTS, handleStartLabels: HANDLE_START_RULE_LABELS };
}

export async function updateProcedure(deps: Deps, actor: AdminActor, patch: ProcedurePatch) {
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('settings').select('value').where('key', '=', 'procedure').forUpdate().executeTakeFirst();
    const before: Procedure = { ...PROCEDURE_DEFAULTS, ...((row?.value ?? {}) as Partial<Procedure>) };
    const after: Procedure = { ...before, ...patch };
    await trx
      .insertInto('settings')
      .values({ key: 'procedure', value: JSON.stringify(after), updated_at: deps.now() })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(after), updated_at: deps.now() }))
      .execute();
    await recordAdminChange(trx, actor, { action: 'settings.procedure', target: 'procedure', before, after }, deps.now());
  });
  invalidateClockRules(deps.db);
  return procedureSettings(deps);
}
