// Which of ours a ledger value is, for the fields whose values are mapped (来源, 信访目的, 内容分类,
// 转办单位, 办理状态, 受理范围, 办理方式, 满意度). In order: our own codes, names and the usual
// synonyms (ledger-values.ts); the aliases admins keep for agencies and categories; the value map
// the clerk sends with this import; the mappings remembered from earlier imports. A value none of
// them knows is "unmatched": the dry run lists it with suggestions (hints, names and aliases that
// look alike — 市人社局 → 市人力资源和社会保障局) and the clerk chooses.
import type { ValueField, ValueMap, ValueSuggestion } from '../contract/ledger.ts';
import type { Deps } from '../context.ts';
import { bigrams, dice } from '../domain/text-similarity.ts';
import { categoryIndex } from './category-index.ts';
import { hintsFor, readWord, squeeze, VOCABS } from './ledger-values.ts';

export type Resolution = { target: string; via: 'vocabulary' | 'alias' | 'request' | 'remembered' } | { target: null };
export type Vocabulary = {
  resolve: (field: ValueField, raw: string) => Resolution;
  suggest: (field: ValueField, raw: string) => ValueSuggestion[];
  /** Every value a field may take, for the console's choice list. */
  options: (field: ValueField) => ValueSuggestion[];
  labelOf: (field: ValueField, target: string) => string;
  agencies: Map<string, { id: string; name: string; kind: string }>;
};

/** How alike two names are, 0–1: containment, the shorter one's characters in order in the longer
 *  (an abbreviation: 市人社局 in 市人力资源和社会保障局), or shared two-character pieces. */
export function nameScore(raw: string, name: string): number {
  const a = squeeze(raw);
  const b = squeeze(name);
  if (!a || !b) return 0;
  if (a === b) return 1;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  let score = 0;
  if (long.includes(short)) score = 0.6 + 0.4 * (short.length / long.length);
  else {
    let i = 0;
    for (const ch of long) if (ch === short[i]) i++;
    if (i === short.length && short.length >= 2 && short[0] === long[0]) score = 0.45 + 0.35 * (short.length / long.length);
  }
  return Math.max(score, dice(bigrams(a), bigrams(b)) * 0.9);
}

// Everyday words for categories that share no characters with the category's name.
const CATEGORY_HINTS: Record<string, string[]> = {
  环保: ['生态环境', '污染排放'], 污染: ['污染排放'], 噪音: ['噪声扰民'], 拆迁: ['征地拆迁与补偿安置'], 欠薪: ['拖欠工资'], 讨薪: ['拖欠工资'],
  社保: ['社会保险'], 医保: ['社会保险'], 物业: ['住房保障与物业管理'], 房产证: ['交房办证'], 低保: ['社会救助'], 涉诉: ['法院审判与执行'],
};

export async function loadVocabulary(deps: Deps, requestMap: ValueMap): Promise<Vocabulary> {
  const [index, agencies, agencyAliases, categoryAliases, remembered] = await Promise.all([
    categoryIndex(deps.db),
    deps.db.selectFrom('agencies').select(['id', 'name', 'kind', 'active']).execute(),
    deps.db.selectFrom('agency_aliases').select(['alias', 'agency_id']).execute(),
    deps.db.selectFrom('category_aliases').select(['alias', 'category_code']).execute(),
    deps.db.selectFrom('ledger_value_maps').select(['field', 'raw', 'target']).execute(),
  ]);
  const agencyById = new Map(agencies.map((a) => [a.id, a]));
  const agencyByName = new Map(agencies.map((a) => [squeeze(a.name), a.id]));
  const agencyAlias = new Map(agencyAliases.filter((a) => agencyById.has(a.agency_id)).map((a) => [squeeze(a.alias), a.agency_id]));
  const categoryAlias = new Map(categoryAliases.filter((a) => index.byCode.has(a.category_code)).map((a) => [squeeze(a.alias), a.category_code]));
  const categoryByName = new Map<string, string[]>();
  for (const c of index.ordered) {
    for (const k of [c.name, c.path, c.path.replace(/ \/ /g, '/')]) categoryByName.set(squeeze(k), [...(categoryByName.get(squeeze(k)) ?? []), c.code]);
  }
  const memory = new Map(remembered.map((r) => [`${r.field}|${squeeze(r.raw)}`, r.target]));
  const request = new Map<string, string>();
  for (const [field, map] of Object.entries(requestMap)) for (const [raw, target] of Object.entries(map ?? {})) request.set(`${field}|${squeeze(raw)}`, target);

  const valid = (field: ValueField, target: string): boolean => {
    if (field === 'agency') return agencyById.has(target);
    if (field === 'category') return index.byCode.has(target);
    return (VOCABS[field].codes as readonly string[]).includes(target);
  };
  const labelOf = (field: ValueField, target: string): string => {
    if (field === 'agency') return agencyById.get(target)?.name ?? target;
    if (field === 'category') return index.byCode.get(target)?.path ?? target;
    return VOCABS[field].labels[target] ?? target;
  };

  const own = (field: ValueField, raw: string): string | undefined => {
    if (field === 'agency') return agencyByName.get(squeeze(raw));
    if (field === 'category') {
      if (index.byCode.has(raw.trim())) return raw.trim();
      const named = categoryByName.get(squeeze(raw));
      if (named?.length === 1) return named[0];
      // "上级分类/分类" or "上级分类-分类": the leaf under that parent.
      const parts = raw.split(/\s*[/／\\>＞-]\s*/).filter(Boolean);
      if (parts.length >= 2) {
        const leaf = (categoryByName.get(squeeze(parts.at(-1)!)) ?? []).filter((c) => index.byCode.get(index.byCode.get(c)?.parent ?? '')?.name === parts.at(-2)?.trim());
        if (leaf.length === 1) return leaf[0];
      }
      return undefined;
    }
    return readWord(field, raw);
  };
  const alias = (field: ValueField, raw: string): string | undefined =>
    field === 'agency' ? agencyAlias.get(squeeze(raw)) : field === 'category' ? categoryAlias.get(squeeze(raw)) : undefined;

  const resolve = (field: ValueField, raw: string): Resolution => {
    const mine = own(field, raw);
    if (mine) return { target: mine, via: 'vocabulary' };
    const aliased = alias(field, raw);
    if (aliased) return { target: aliased, via: 'alias' };
    const asked = request.get(`${field}|${squeeze(raw)}`);
    if (asked && valid(field, asked)) return { target: asked, via: 'request' };
    const kept = memory.get(`${field}|${squeeze(raw)}`);
    if (kept && valid(field, kept)) return { target: kept, via: 'remembered' };
    return { target: null };
  };

  const options = (field: ValueField): ValueSuggestion[] => {
    if (field === 'agency') return agencies.filter((a) => a.active).map((a) => ({ target: a.id, label: a.name }));
    if (field === 'category') return index.ordered.map((c) => ({ target: c.code, label: c.path }));
    return VOCABS[field].codes.map((c) => ({ target: c, label: VOCABS[field].labels[c] }));
  };

  const suggest = (field: ValueField, raw: string): ValueSuggestion[] => {
    const scored = new Map<string, number>();
    const add = (target: string, score: number) => scored.set(target, Math.max(scored.get(target) ?? 0, score));
    if (field === 'agency') {
      for (const a of agencies) if (a.active) add(a.id, nameScore(raw, a.name));
      for (const a of agencyAliases) if (agencyById.get(a.agency_id)?.active) add(a.agency_id, nameScore(raw, a.alias));
    } else if (field === 'category') {
      for (const c of index.ordered) add(c.code, nameScore(raw, c.name));
      for (const a of categoryAliases) if (index.byCode.has(a.category_code)) add(a.category_code, nameScore(raw, a.alias));
      for (const [word, names] of Object.entries(CATEGORY_HINTS)) {
        if (squeeze(raw).includes(word)) for (const n of names) for (const code of categoryByName.get(squeeze(n)) ?? []) add(code, 0.8);
      }
    } else {
      hintsFor(field, raw).forEach((t, i) => add(t, 0.95 - i * 0.05));
      for (const c of VOCABS[field].codes) add(c, nameScore(raw, VOCABS[field].labels[c]));
    }
    return [...scored]
      .filter(([, s]) => s >= 0.4)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([target]) => ({ target, label: labelOf(field, target) }));
  };

  return { resolve, suggest, options, labelOf, agencies: new Map(agencies.map((a) => [a.id, a])) };
}
