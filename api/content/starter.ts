// Loads the starter guidance of a fresh installation: the articles in ./starter/*.md (published),
// the guide's rules (./starter/guide.json) and a sample reception day (a draft for the editors to
// correct and publish). Runs once per installation: a settings row claims the load in the same
// transaction, so several processes starting together load it exactly once, and an editor's
// later changes or removals are never undone. Existing slugs and an existing guide are kept.
import fs from 'node:fs';
import path from 'node:path';
import { ARTICLE_SECTIONS, guideDocument, type ArticleSection } from '../contract/content.ts';
import type { Deps } from '../context.ts';
import { addDays, chinaDate } from '../domain/calendar.ts';
import { recordContentEvent } from './audit.ts';
import { guideIssues } from './guide-graph.ts';

const DIR = path.resolve(import.meta.dirname, 'starter');
const KEY = 'starter_content_loaded';

export type StarterArticle = { slug: string; section: ArticleSection; title: string; sort: number; body: string };

/** `---\nsection: …\ntitle: …\nsort: n\n---\nMarkdown` */
export function parseStarter(slug: string, text: string): StarterArticle {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text.replace(/\r\n/g, '\n'));
  if (!m) throw new Error(`starter/${slug}.md: missing front matter`);
  const meta = Object.fromEntries(m[1].split('\n').map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]));
  if (!(ARTICLE_SECTIONS as readonly string[]).includes(meta.section) || !meta.title) throw new Error(`starter/${slug}.md: bad section or title`);
  return { slug, section: meta.section as ArticleSection, title: meta.title, sort: Number(meta.sort ?? 0), body: m[2].trim() + '\n' };
}

export function starterArticles(): StarterArticle[] {
  return fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => parseStarter(f.slice(0, -3), fs.readFileSync(path.join(DIR, f), 'utf8')));
}

export function starterGuide() {
  const doc = guideDocument.parse(JSON.parse(fs.readFileSync(path.join(DIR, 'guide.json'), 'utf8')));
  const issues = guideIssues(doc);
  if (issues.length) throw new Error('starter/guide.json: ' + issues.map((i) => i.message).join('; '));
  return doc;
}

/** The next Wednesday at least two weeks away (a sample date editors will replace). */
function sampleDay(now: Date): string {
  let d = addDays(chinaDate(now), 14);
  while (new Date(d + 'T00:00:00Z').getUTCDay() !== 3) d = addDays(d, 1);
  return d;
}

export async function loadStarterContent(deps: Deps, log: (m: string) => void = () => {}): Promise<boolean> {
  const articles = starterArticles();
  const guide = starterGuide();
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('settings')
      .values({ key: KEY, value: JSON.stringify(now.toISOString()) })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!claimed) return false;

    let loaded = 0;
    for (const a of articles) {
      const row = await trx
        .insertInto('articles')
        .values({ section: a.section, slug: a.slug, revision: 1, published_revision: 1, published_at: now, first_published_at: now, sort: a.sort, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('slug').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) continue;
      await trx.insertInto('article_revisions').values({ article_id: row.id, revision: 1, title: a.title, body: a.body, note: '初始内容', created_at: now }).execute();
      loaded++;
    }

    const hasGuide = await trx.selectFrom('guide_nodes').select('key').limit(1).executeTakeFirst();
    if (!hasGuide) {
      await trx
        .insertInto('guide_nodes')
        .values(guide.nodes.map((n, i) => ({ key: n.key, kind: n.kind, outcome: n.outcome, title: n.title, body: n.body, time_limit: n.timeLimit, link_url: n.linkUrl, link_label: n.linkLabel, sort: i })))
        .execute();
      await trx
        .insertInto('guide_answers')
        .values(guide.nodes.flatMap((n) => n.answers.map((a, ord) => ({ node_key: n.key, ord, label: a.label, hint: a.hint, next_key: a.next }))))
        .execute();
    }

    await trx
      .insertInto('reception_days')
      .values({
        day: sampleDay(now),
        start_time: '09:00',
        end_time: '11:30',
        place: '市人大常委会机关信访接待室',
        leader: '市人大常委会副主任（示例，请编辑修改后发布）',
        topics: '城乡建设、劳动和社会保障方面的意见建议和诉求',
        published: false,
        created_at: now,
        updated_at: now,
      })
      .execute();

    await recordContentEvent(trx, { at: now, actorId: null, subject: 'starter', action: 'load', data: { articles: loaded, guide: !hasGuide } });
    log(`Loaded starter guidance: ${loaded} articles${hasGuide ? '' : ', the guide'} and a draft reception day.`);
    return true;
  });
}
