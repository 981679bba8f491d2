// Reads of guidance articles, for the console (every revision, drafts) and for the portal (only
// what is live now). "Live" is derived at read time from the two publication slots (see
// migrations/020_content.sql), so a scheduled article appears on every process at its time
// without a job, and a publish is visible on the next uncached read.
import { sql, type Kysely, type Transaction } from 'kysely';
import { ARTICLE_SECTIONS, type ArticleSection, type ArticleView } from '../contract/content.ts';
import type { DB } from '../db/schema.ts';
import { notFound } from '../http/errors.ts';

type Db = Kysely<DB> | Transaction<DB>;

export const articleUrl = (slug: string) => `/guidance/${slug}`;

type ArticleRow = {
  id: string;
  section: string;
  slug: string;
  revision: number;
  published_revision: number | null;
  published_at: Date | null;
  scheduled_revision: number | null;
  scheduled_at: Date | null;
  first_published_at: Date | null;
  updated_at: Date;
};

/** The publication state as of `now`, with a due schedule already counted as live. */
export function publicationAt(a: ArticleRow, now: Date) {
  const due = a.scheduled_at !== null && a.scheduled_at <= now;
  const liveRevision = due ? a.scheduled_revision : a.published_revision;
  const liveAt = due ? a.scheduled_at : a.published_at;
  return {
    liveRevision,
    liveAt,
    pendingRevision: due ? null : a.scheduled_revision,
    pendingAt: due ? null : a.scheduled_at,
    firstPublishedAt: a.first_published_at ?? liveAt,
  };
}

function view(a: ArticleRow & { title: string }, now: Date): Omit<ArticleView, 'body'> {
  const p = publicationAt(a, now);
  return {
    id: a.id,
    section: a.section as ArticleSection,
    slug: a.slug,
    title: a.title,
    revision: a.revision,
    status: p.liveRevision ? 'published' : p.pendingRevision ? 'scheduled' : 'draft',
    publishedRevision: p.liveRevision,
    publishedAt: p.liveAt?.toISOString() ?? null,
    scheduledRevision: p.pendingRevision,
    scheduledAt: p.pendingAt?.toISOString() ?? null,
    firstPublishedAt: p.firstPublishedAt?.toISOString() ?? null,
    hasUnpublishedChanges: p.liveRevision !== a.revision && p.pendingRevision !== a.revision,
    updatedAt: a.updated_at.toISOString(),
    url: articleUrl(a.slug),
  };
}

const latest = (db: Db) =>
  db
    .selectFrom('articles as a')
    .innerJoin('article_revisions as r', (j) => j.onRef('r.article_id', '=', 'a.id').onRef('r.revision', '=', 'a.revision'))
    .select([
      'a.id', 'a.section', 'a.slug', 'a.revision', 'a.published_revision', 'a.published_at', 'a.scheduled_revision',
      'a.scheduled_at', 'a.first_published_at', 'a.updated_at', 'r.title', 'r.body',
    ]);

export async function listArticles(db: Db, now: Date, section?: ArticleSection) {
  // Sections in the portal's order, then the editors' order within each.
  const sectionOrder = sql<number>`array_position(ARRAY[${sql.join(ARTICLE_SECTIONS.map((s) => sql.lit(s)))}]::text[], a.section)`;
  let q = latest(db).orderBy(sectionOrder).orderBy('a.sort').orderBy('a.updated_at', 'desc');
  if (section) q = q.where('a.section', '=', section);
  return (await q.execute()).map((r) => view(r, now));
}

export async function getArticle(db: Db, now: Date, id: string): Promise<ArticleView> {
  if (!isUuid(id)) throw notFound('文章不存在');
  const r = await latest(db).where('a.id', '=', id).executeTakeFirst();
  if (!r) throw notFound('文章不存在');
  return { ...view(r, now), body: r.body };
}

export async function articleRevisions(db: Db, now: Date, id: string) {
  const a = await getArticle(db, now, id);
  const rows = await db
    .selectFrom('article_revisions as r')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .select(['r.revision', 'r.title', 'r.note', 'r.created_at', 'u.username'])
    .where('r.article_id', '=', id)
    .orderBy('r.revision', 'desc')
    .execute();
  return rows.map((r) => ({
    revision: r.revision,
    title: r.title,
    note: r.note,
    createdAt: r.created_at.toISOString(),
    author: r.username ?? null,
    published: r.revision === a.publishedRevision,
  }));
}

export async function revisionOf(db: Db, id: string, revision: number) {
  if (!isUuid(id)) throw notFound('文章不存在');
  const r = await db.selectFrom('article_revisions').select(['title', 'body']).where('article_id', '=', id).where('revision', '=', revision).executeTakeFirst();
  if (!r) throw notFound(`没有第 ${revision} 版`);
  return r;
}

// ---- The portal's reads: only what is live at `now`. ----

export type LiveArticle = { id: string; section: ArticleSection; slug: string; title: string; body: string; revision: number; publishedAt: Date; firstPublishedAt: Date };

const LIVE_REV = (now: Date) => sql`CASE WHEN a.scheduled_at <= ${now} THEN a.scheduled_revision ELSE a.published_revision END`;
const LIVE_AT = (now: Date) => sql`CASE WHEN a.scheduled_at <= ${now} THEN a.scheduled_at ELSE a.published_at END`;

async function live(db: Db, now: Date, where: ReturnType<typeof sql>, limit = 500): Promise<LiveArticle[]> {
  const { rows } = await sql<{ id: string; section: ArticleSection; slug: string; title: string; body: string; revision: number; live_at: Date; first_at: Date | null }>`
    SELECT a.id, a.section, a.slug, r.title, r.body, r.revision, ${LIVE_AT(now)} AS live_at, a.first_published_at AS first_at
      FROM articles a
      JOIN article_revisions r ON r.article_id = a.id AND r.revision = ${LIVE_REV(now)}
     WHERE ${where}
     ORDER BY a.sort, ${LIVE_AT(now)} DESC, a.slug
     LIMIT ${limit}`.execute(db);
  return rows.map((r) => ({ id: r.id, section: r.section, slug: r.slug, title: r.title, body: r.body, revision: r.revision, publishedAt: r.live_at, firstPublishedAt: r.first_at ?? r.live_at }));
}

export async function liveArticleBySlug(db: Db, now: Date, slug: string): Promise<LiveArticle | undefined> {
  return (await live(db, now, sql`a.slug = ${slug}`, 1))[0];
}

export async function liveArticles(db: Db, now: Date, section?: ArticleSection): Promise<LiveArticle[]> {
  return live(db, now, section ? sql`a.section = ${section}` : sql`true`);
}

/**
 * Substring search in title and text (Chinese has no word breaks, so no stemming): ILIKE, for the
 * query and the words editors grouped with it (api/content/synonyms.ts). An article whose title
 * matches ranks above one whose text does; among those, the query itself above a synonym.
 */
export async function searchLive(db: Db, now: Date, q: string, terms: string[] = [q]): Promise<LiveArticle[]> {
  const patterns = terms.map((t) => '%' + t.replace(/[\\%_]/g, (c) => '\\' + c) + '%');
  const found = await live(db, now, sql`(r.title ILIKE ANY(${patterns}::text[]) OR r.body ILIKE ANY(${patterns}::text[]))`, 50);
  const lowered = terms.map((t) => t.toLowerCase());
  const rank = (a: LiveArticle) => {
    const title = a.title.toLowerCase();
    if (title.includes(lowered[0])) return 0;
    if (lowered.some((t) => title.includes(t))) return 1;
    return a.body.toLowerCase().includes(lowered[0]) ? 2 : 3;
  };
  return found.map((a, i) => ({ a, i, r: rank(a) })).sort((x, y) => x.r - y.r || x.i - y.i).map((x) => x.a);
}

export function isUuid(s: string) {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
