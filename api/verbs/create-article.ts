// An editor writes a new article: the article and its revision 1 (a draft, not on the portal),
// with the audit row, in one transaction.
import type { ArticleInput } from '../contract/content.ts';
import type { Deps } from '../context.ts';
import { getArticle } from '../content/articles.ts';
import { assertSlugFree, insertRevision } from '../content/article-write.ts';
import { assertCan, recordContentEvent, type Editor } from '../content/audit.ts';
import { conflict } from '../http/errors.ts';

export async function createArticle(deps: Deps, editor: Editor, input: ArticleInput) {
  assertCan(editor, 'content.edit');
  const now = deps.now();
  try {
    const id = await deps.db.transaction().execute(async (trx) => {
      await assertSlugFree(trx, input.slug);
      const { id } = await trx
        .insertInto('articles')
        .values({ section: input.section, slug: input.slug, revision: 1, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await insertRevision(trx, { articleId: id, revision: 1, title: input.title, body: input.body, note: input.note ?? '新建', at: now, by: editor.userId });
      await recordContentEvent(trx, { at: now, actorId: editor.userId, subject: 'article', subjectId: id, action: 'create', data: { slug: input.slug, revision: 1 } });
      return id;
    });
    return getArticle(deps.db, now, id);
  } catch (e) {
    // Two editors creating the same slug at once: the unique index decides, the loser hears why.
    if ((e as { code?: string }).code === '23505') throw conflict(`网址名“${input.slug}”已被其他文章使用`, 'slug_taken');
    throw e;
  }
}
