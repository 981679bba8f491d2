// An editor announces or corrects a reception day (领导接待日). Saved with published = false it
// is a draft; published days appear on the portal and in GET /api/public/reception-days.
import type { ReceptionDayInput } from '../contract/content.ts';
import type { Deps } from '../context.ts';
import { isUuid } from '../content/articles.ts';
import { assertCan, recordContentEvent, type Editor } from '../content/audit.ts';
import { notFound } from '../http/errors.ts';

export async function saveReceptionDay(deps: Deps, editor: Editor, input: ReceptionDayInput, id?: string) {
  assertCan(editor, 'reception.edit');
  const now = deps.now();
  const values = {
    day: input.date,
    start_time: input.startTime,
    end_time: input.endTime,
    place: input.place,
    leader: input.leader,
    topics: input.topics,
    published: input.published,
    updated_at: now,
  };
  return deps.db.transaction().execute(async (trx) => {
    let savedId: string;
    if (id === undefined) {
      savedId = (await trx.insertInto('reception_days').values({ ...values, created_at: now }).returning('id').executeTakeFirstOrThrow()).id;
    } else {
      if (!isUuid(id)) throw notFound('接待日不存在');
      const r = await trx.updateTable('reception_days').set(values).where('id', '=', id).returning('id').executeTakeFirst();
      if (!r) throw notFound('接待日不存在');
      savedId = r.id;
    }
    await recordContentEvent(trx, { at: now, actorId: editor.userId, subject: 'reception_day', subjectId: savedId, action: id ? 'update' : 'create', data: input });
    return { id: savedId, ...input };
  });
}
