// An editor takes an article off the portal (and cancels a pending scheduled publication). The
// article and all its revisions stay in the console; publishing again brings it back.
import type { Deps } from '../context.ts';
import { getArticle } from '../content/articles.ts';
import { lockArticle } from '../content/article-write.ts';
import { assertCan, recordContentEvent, type Editor } from '../content/audit.ts';

export async function unpublishArticle(deps: Deps, editor: Editor, id: string) {
  assertCan(editor, 'content.publish');
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const a = await lockArticle(trx, id, now);
    await trx
      .updateTable('articles')
      .set({ published_revision: null, published_at: null, scheduled_revision: null, scheduled_at: null })
      .where('id', '=', id)
      .execute();
    await recordContentEvent(trx, { at: now, actorId: editor.userId, subject: 'article', subjectId: id, action: 'unpublish', data: { wasRevision: a.published_revision } });
  });
  return getArticle(deps.db, now, id);
}
