// An editor publishes a revision (the latest unless named): now, or at a later publishAt. A
// scheduled publication leaves the current live revision on the portal until its time comes.
import type { Deps } from '../context.ts';
import { getArticle } from '../content/articles.ts';
import { lockArticle } from '../content/article-write.ts';
import { assertCan, recordContentEvent, type Editor } from '../content/audit.ts';
import { badRequest } from '../http/errors.ts';

export async function publishArticle(deps: Deps, editor: Editor, id: string, input: { revision?: number; publishAt?: string }) {
  assertCan(editor, 'content.publish');
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const a = await lockArticle(trx, id, now);
    const revision = input.revision ?? a.revision;
    if (revision > a.revision) throw badRequest(`没有第 ${revision} 版`, { revision: '版本不存在' });
    const at = input.publishAt ? new Date(input.publishAt) : now;
    if (at.getTime() > now.getTime() + 366 * 86_400_000) throw badRequest('定时发布时间不能超过一年', { publishAt: '请选择一年以内的时间' });
    if (at > now) {
      await trx.updateTable('articles').set({ scheduled_revision: revision, scheduled_at: at }).where('id', '=', id).execute();
    } else {
      await trx
        .updateTable('articles')
        .set({ published_revision: revision, published_at: now, first_published_at: a.first_published_at ?? now, scheduled_revision: null, scheduled_at: null })
        .where('id', '=', id)
        .execute();
    }
    await recordContentEvent(trx, {
      at: now,
      actorId: editor.userId,
      subject: 'article',
      subjectId: id,
      action: at > now ? 'schedule' : 'publish',
      data: { revision, publishAt: at.toISOString() },
    });
  });
  return getArticle(deps.db, now, id);
}
