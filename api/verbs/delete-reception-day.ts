// An editor removes a reception day (a mistaken entry, or a cancelled day). The audit row keeps
// what was removed.
import type { Deps } from '../context.ts';
import { isUuid } from '../content/articles.ts';
import { assertCan, recordContentEvent, type Editor } from '../content/audit.ts';
import { notFound } from '../http/errors.ts';

export async function deleteReceptionDay(deps: Deps, editor: Editor, id: string) {
  assertCan(editor, 'reception.edit');
  if (!isUuid(id)) throw notFound('接待日不存在');
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const r = await trx.deleteFrom('reception_days').where('id', '=', id).returningAll().executeTakeFirst();
    if (!r) throw notFound('接待日不存在');
    await recordContentEvent(trx, { at: now, actorId: editor.userId, subject: 'reception_day', subjectId: id, action: 'delete', data: r });
  });
  return { ok: true as const };
}
