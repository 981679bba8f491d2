// An editor restores an old revision: its title and body become a new latest revision (history
// is never rewritten). Like any edit, it reaches the portal when published.
import type { Deps } from '../context.ts';
import { getArticle } from '../content/articles.ts';
import { insertRevision, lockArticle } from '../content/article-write.ts';
import { assertCan, recordContentEvent, type Editor } from '../content/audit.ts';
import { notFound } from '../http/errors.ts';

export async function restoreArticle(deps: Deps, editor: Editor, id: string, fromRevision: number) {
  assertCan(editor, 'content.edit');
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const a = await lockArticle(trx, id, now);
    const old = await trx
      .selectFrom('article_revisions')
      .select(['title', 'body'])
      .where('article_id', '=', id)
      .where('revision', '=', fromRevision)
      .executeTakeFirst();
    if (!old) throw notFound(`没有第 ${fromRevision} 版`);
    const revision = a.revision + 1;
    await trx.updateTable('articles').set({ revision, updated_at: now }).where('id', '=', id).execute();
    await insertRevision(trx, { articleId: id, revision, title: old.title, body: old.body, note: `恢复第 ${fromRevision} 版`, at: now, by: editor.userId });
    await recordContentEvent(trx, { at: now, actorId: editor.userId, subject: 'article', subjectId: id, action: 'restore', data: { from: fromRevision, revision } });
  });
  return getArticle(deps.db, now, id);
}
