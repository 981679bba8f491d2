// Staff API for guidance articles (DESIGN §4 "Content"): editors write Markdown drafts, every
// save is a new revision, publish now or at a time, unpublish, compare and restore revisions,
// and preview the sanitised HTML the portal will show. Handlers validate, call one verb, answer.
import { Hono } from 'hono';
import { ARTICLE_SECTIONS, articleInput, articleList, articleUpdate, articleView, previewRequest, previewResponse, publishRequest, restoreRequest, revisionDiff, revisionList } from '../contract/content.ts';
import type { AppEnv } from '../context.ts';
import { articleRevisions, getArticle, listArticles, revisionOf } from '../content/articles.ts';
import { lineDiff } from '../content/line-diff.ts';
import { renderMarkdown } from '../content/markdown.ts';
import { badRequest, readJson } from '../http/errors.ts';
import { registerOperation } from '../http/openapi.ts';
import { requireStaff, staffOf } from '../http/staff-auth.ts';
import { createArticle } from '../verbs/create-article.ts';
import { publishArticle } from '../verbs/publish-article.ts';
import { restoreArticle } from '../verbs/restore-article.ts';
import { unpublishArticle } from '../verbs/unpublish-article.ts';
import { updateArticle } from '../verbs/update-article.ts';

export const articleRoutes = new Hono<AppEnv>();
articleRoutes.use('*', requireStaff('content.edit'));

const revisionParam = (v: string | undefined, name: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw badRequest('版本号不正确', { [name]: '版本号不正确' });
  return n;
};

articleRoutes.get('/', async (c) => {
  const section = c.req.query('section');
  if (section !== undefined && !(ARTICLE_SECTIONS as readonly string[]).includes(section)) throw badRequest('栏目不存在', { section: '栏目不存在' });
  const deps = c.get('deps');
  return c.json({ items: await listArticles(deps.db, deps.now(), section as (typeof ARTICLE_SECTIONS)[number] | undefined) });
});

articleRoutes.post('/', async (c) => {
  const input = await readJson(c, articleInput);
  return c.json(await createArticle(c.get('deps'), staffOf(c), input), 201);
});

articleRoutes.post('/preview', async (c) => {
  const { body } = await readJson(c, previewRequest);
  c.header('Cache-Control', 'no-store');
  return c.json({ html: renderMarkdown(body) });
});

articleRoutes.get('/:id', async (c) => {
  const deps = c.get('deps');
  return c.json(await getArticle(deps.db, deps.now(), c.req.param('id')));
});

articleRoutes.put('/:id', async (c) => {
  const input = await readJson(c, articleUpdate);
  return c.json(await updateArticle(c.get('deps'), staffOf(c), c.req.param('id'), input));
});

articleRoutes.post('/:id/publish', async (c) => {
  const input = await readJson(c, publishRequest);
  return c.json(await publishArticle(c.get('deps'), staffOf(c), c.req.param('id'), input));
});

articleRoutes.post('/:id/unpublish', async (c) => c.json(await unpublishArticle(c.get('deps'), staffOf(c), c.req.param('id'))));

articleRoutes.post('/:id/restore', async (c) => {
  const { revision } = await readJson(c, restoreRequest);
  return c.json(await restoreArticle(c.get('deps'), staffOf(c), c.req.param('id'), revision));
});

articleRoutes.get('/:id/revisions', async (c) => {
  const deps = c.get('deps');
  return c.json({ items: await articleRevisions(deps.db, deps.now(), c.req.param('id')) });
});

articleRoutes.get('/:id/revisions/:revision', async (c) => {
  const revision = revisionParam(c.req.param('revision'), 'revision');
  const r = await revisionOf(c.get('deps').db, c.req.param('id'), revision);
  return c.json({ revision, title: r.title, body: r.body, html: renderMarkdown(r.body) });
});

/** ?from=&to= (to defaults to the latest revision). */
articleRoutes.get('/:id/diff', async (c) => {
  const deps = c.get('deps');
  const id = c.req.param('id');
  const latest = (await getArticle(deps.db, deps.now(), id)).revision;
  const from = revisionParam(c.req.query('from'), 'from');
  const to = c.req.query('to') === undefined ? latest : revisionParam(c.req.query('to'), 'to');
  const [a, b] = await Promise.all([revisionOf(deps.db, id, from), revisionOf(deps.db, id, to)]);
  return c.json({ from, to, title: { from: a.title, to: b.title }, lines: lineDiff(a.body, b.body) });
});

for (const op of [
  { method: 'get', path: '/api/staff/articles', summary: '文章列表', response: articleList },
  { method: 'post', path: '/api/staff/articles', summary: '新建文章（草稿）', body: articleInput, response: articleView, status: 201 },
  { method: 'post', path: '/api/staff/articles/preview', summary: '预览文章（服务器净化后的 HTML）', body: previewRequest, response: previewResponse },
  { method: 'get', path: '/api/staff/articles/{id}', summary: '文章（最新版本）', response: articleView },
  { method: 'put', path: '/api/staff/articles/{id}', summary: '保存文章（新版本）', body: articleUpdate, response: articleView },
  { method: 'post', path: '/api/staff/articles/{id}/publish', summary: '发布或定时发布', body: publishRequest, response: articleView },
  { method: 'post', path: '/api/staff/articles/{id}/unpublish', summary: '撤回发布', response: articleView },
  { method: 'post', path: '/api/staff/articles/{id}/restore', summary: '恢复历史版本（作为新版本）', body: restoreRequest, response: articleView },
  { method: 'get', path: '/api/staff/articles/{id}/revisions', summary: '历史版本', response: revisionList },
  { method: 'get', path: '/api/staff/articles/{id}/revisions/{revision}', summary: '某一版本' },
  { method: 'get', path: '/api/staff/articles/{id}/diff', summary: '版本比较（逐行）', response: revisionDiff },
] as const) registerOperation({ ...op, auth: true });
