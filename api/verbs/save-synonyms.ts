// An editor replaces the guidance search's synonym groups (issue 14): all groups at once, in one
// transaction with the audit row (before and after), so the search never sees half a change.
import type { AdminActor } from '../services/admin-audit.ts';
import { recordAdminChange } from '../services/admin-audit.ts';
import type { Deps } from '../context.ts';
import { forgetSynonyms, parseGroup } from '../content/synonyms.ts';
import { badRequest } from '../http/errors.ts';

export const SYNONYM_GROUPS_MAX = 200;

export async function saveSynonyms(deps: Deps, actor: AdminActor, lines: string[]): Promise<string[][]> {
  const groups = lines.map(parseGroup).filter((g) => g.length > 0);
  const lonely = groups.findIndex((g) => g.length < 2);
  if (lonely >= 0) throw badRequest(`第 ${lonely + 1} 组只有一个词，每组至少两个词`, { groups: `第 ${lonely + 1} 组只有一个词，每组至少两个词` });
  if (groups.length > SYNONYM_GROUPS_MAX) throw badRequest(`最多 ${SYNONYM_GROUPS_MAX} 组`, { groups: `最多 ${SYNONYM_GROUPS_MAX} 组` });
  await deps.db.transaction().execute(async (trx) => {
    const before = (await trx.selectFrom('search_synonyms').select('words').orderBy('id').forUpdate().execute()).map((r) => r.words);
    await trx.deleteFrom('search_synonyms').execute();
    if (groups.length) await trx.insertInto('search_synonyms').values(groups.map((words) => ({ words, updated_at: deps.now() }))).execute();
    await recordAdminChange(trx, actor, { action: 'content.synonyms', target: 'search_synonyms', before, after: groups }, deps.now());
  });
  forgetSynonyms(deps.db);
  return groups;
}
