// What the article verbs share: the row lock (FOR UPDATE, so two editors' saves serialise and
// revision numbers never collide), folding a due schedule into the live slot before any change,
// and the revision insert. Only the verbs in api/verbs/*-article.ts call these.
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { conflict, notFound } from '../http/errors.ts';
import { isUuid } from './articles.ts';

export async function lockArticle(trx: Transaction<DB>, id: string, now: Date) {
  if (!isUuid(id)) throw notFound('文章不存在');
  const a = await trx.selectFrom('articles').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!a) throw notFound('文章不存在');
  if (a.scheduled_at && a.scheduled_at <= now) {
    const folded = {
      published_revision: a.scheduled_revision,
      published_at: a.scheduled_at,
      first_published_at: a.first_published_at ?? a.scheduled_at,
      scheduled_revision: null,
      scheduled_at: null,
    };
    await trx.updateTable('articles').set(folded).where('id', '=', id).execute();
    return { ...a, ...folded };
  }
  return a;
}

export async function insertRevision(
  trx: Transaction<DB>,
  r: { articleId: string; revision: number; title: string; body: string; note?: string; at: Date; by: string | null },
) {
  await trx
    .insertInto('article_revisions')
    .values({ article_id: r.articleId, revision: r.revision, title: r.title, body: r.body, note: r.note ?? '', created_at: r.at, created_by: r.by })
    .execute();
}

/** Another article already uses this slug: a clear 409 instead of a constraint error. */
export async function assertSlugFree(trx: Transaction<DB>, slug: string, exceptId?: string) {
  let q = trx.selectFrom('articles').select('id').where('slug', '=', slug);
  if (exceptId) q = q.where('id', '<>', exceptId);
  if (await q.executeTakeFirst()) throw conflict(`网址名“${slug}”已被其他文章使用`, 'slug_taken');
}
