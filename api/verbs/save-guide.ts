// An editor saves the guide's rules as a whole: validated as a graph (no dead ends, no loops,
// everything reachable: api/content/guide-graph.ts), then every row replaced in one transaction
// with the audit row holding the full document, so each saved version can be read back.
import { sql } from 'kysely';
import type { GuideDocument } from '../contract/content.ts';
import type { Deps } from '../context.ts';
import { assertCan, recordContentEvent, type Editor } from '../content/audit.ts';
import { loadGuide } from '../content/guide.ts';
import { guideIssues } from '../content/guide-graph.ts';
import { badRequest, conflict } from '../http/errors.ts';

export async function saveGuide(deps: Deps, editor: Editor, doc: GuideDocument, baseVersion?: number) {
  assertCan(editor, 'content.publish');
  const issues = guideIssues(doc);
  if (issues.length) {
    const fields = Object.fromEntries(issues.map((i) => [i.path, i.message]));
    throw badRequest(issues.length === 1 ? `指引规则有误：${issues[0].message}` : `指引规则有 ${issues.length} 处问题，请逐项修改`, fields);
  }
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    // One save at a time (across processes); readers keep reading the previous rules until commit.
    await sql`SELECT pg_advisory_xact_lock(7243020)`.execute(trx);
    if (baseVersion !== undefined) {
      const current = await trx.selectFrom('content_events').select('id').where('subject', '=', 'guide').orderBy('id', 'desc').limit(1).executeTakeFirst();
      if ((current?.id ?? 0) !== baseVersion) throw conflict('指引规则已被他人修改，请刷新后再编辑', 'stale_version');
    }
    await trx.deleteFrom('guide_answers').execute();
    await trx.deleteFrom('guide_nodes').execute();
    await trx
      .insertInto('guide_nodes')
      .values(
        doc.nodes.map((n, i) => ({
          key: n.key,
          kind: n.kind,
          outcome: n.kind === 'outcome' ? n.outcome : null,
          title: n.title,
          body: n.body,
          time_limit: n.timeLimit,
          link_url: n.linkUrl,
          link_label: n.linkLabel,
          sort: i,
        })),
      )
      .execute();
    const answers = doc.nodes.flatMap((n) => n.answers.map((a, ord) => ({ node_key: n.key, ord, label: a.label, hint: a.hint, next_key: a.next })));
    if (answers.length) await trx.insertInto('guide_answers').values(answers).execute();
    await recordContentEvent(trx, { at: now, actorId: editor.userId, subject: 'guide', action: 'save', data: doc });
  });
  return loadGuide(deps.db);
}
