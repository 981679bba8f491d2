// Reads of the guide's rules (questions, answers, outcomes) as one document, in the editors'
// order. The version is the id of the last save's audit row, so a save can refuse to overwrite
// a newer one.
import type { Kysely, Transaction } from 'kysely';
import type { GuideDocument, GuideNode, GuideOutcome } from '../contract/content.ts';
import type { DB } from '../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export async function loadGuide(db: Db): Promise<GuideDocument & { version: number }> {
  const [nodes, answers, last] = await Promise.all([
    db.selectFrom('guide_nodes').selectAll().orderBy('sort').orderBy('key').execute(),
    db.selectFrom('guide_answers').selectAll().orderBy('node_key').orderBy('ord').execute(),
    db.selectFrom('content_events').select('id').where('subject', '=', 'guide').orderBy('id', 'desc').limit(1).executeTakeFirst(),
  ]);
  const byNode = new Map<string, GuideNode['answers']>();
  for (const a of answers) byNode.set(a.node_key, [...(byNode.get(a.node_key) ?? []), { label: a.label, hint: a.hint, next: a.next_key }]);
  return {
    version: last?.id ?? 0,
    nodes: nodes.map((n) => ({
      key: n.key,
      kind: n.kind as GuideNode['kind'],
      outcome: (n.outcome as GuideOutcome | null) ?? null,
      title: n.title,
      body: n.body,
      timeLimit: n.time_limit,
      linkUrl: n.link_url,
      linkLabel: n.link_label,
      answers: byNode.get(n.key) ?? [],
    })),
  };
}
