// An editor saves changes: a new revision (the old ones are never changed). The published
// revision stays on the portal until the editor publishes again. With baseRevision, a save
// made on top of an older revision than the current one is refused (409), so two editors do
// not silently overwrite each other.
import type { z } from 'zod';
import type { articleUpdate } from '../contract/content.ts';
import type { Deps } from '../context.ts';
import { getArticle } from '../content/articles.ts';
import { assertSlugFree, insertRevision, lockArticle } from '../content/article-write.ts';
import { assertCan, recordContentEvent, type Editor } from '../content/audit.ts';
import { conflict } from '../http/errors.ts';

export async function updateArticle(deps: Deps, editor: Editor, id: string, input: z.infer<typeof articleUpdate>) {
  assertCan(editor, 'content.edit');
  const now = deps.now();
  await deps.db
    .transaction()
    .execute(async (trx) => {
    const a = await lockArticle(trx, id, now);
    if (input.baseRevision !== undefined && input.baseRevision !== a.revision) {
      throw conflict(`文章已被他人修改（现在是第 ${a.revision} 版），请刷新后再编辑`, 'stale_revision');
    }
    if (input.slug !== a.slug) await assertSlugFree(trx, input.slug, id);
    const revision = a.revision + 1;
    await trx.updateTable('articles').set({ section: input.section, slug: input.slug, revision, updated_at: now }).where('id', '=', id).execute();
    await insertRevision(trx, { articleId: id, revision, title: input.title, body: input.body, note: input.note, at: now, by: editor.userId });
    await recordContentEvent(trx, { at: now, actorId: editor.userId, subject: 'article', subjectId: id, action: 'update', data: { revision, slug: input.slug } });
    })
    .catch((e) => {
      if ((e as { code?: string }).code === '23505') throw conflict(`网址名“${input.slug}”已被其他文章使用`, 'slug_taken');
      throw e;
    });
  return getArticle(deps.db, now, id);
}
