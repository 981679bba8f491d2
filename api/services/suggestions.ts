// Triage suggestions for a draft registration, typed or recognised (issue 17): the category, the
// scope, the agency and, for matters that belong to litigation, arbitration or administrative
// reconsideration, the decline reason with guidance — each with its reasons: the most similar
// past cases and the words that matched.
//
// In order of authority:
//   1. the editors' keyword rules (判决, 仲裁, 复议 …) decide the scope and the decline;
//   2. a past letter of (nearly) the same text (similarity ≥ the repeat detector's copy
//      threshold: a repeat, or the same letter sent again) decides what it was decided as;
//   3. otherwise the term model of the office's history (suggestion-model.ts) ranks the values.
// Similar cases are found among the latest cases of the likeliest categories and the cases that
// share a MinHash band with the draft (the repeat detector's index), and scored with the repeat
// detector's similarity (text-similarity.ts). Bounded work whatever the history's size: one
// model lookup of the draft's terms, one candidate read of at most a few hundred rows.
import { sql } from 'kysely';
import { DECLINE_REASON_LABELS, SCOPE_LABELS, STATUS_LABELS, type DeclineReason, type Scope, type Status } from '../contract/enums.ts';
import { DECLINE_REASON_GUIDANCE } from '../contract/content-vocab.ts';
import type { Deps } from '../context.ts';
import type { Database } from '../db/database.ts';
import { fastTextBands } from '../domain/text-bands-fast.ts';
import { categoryTerm, docsOf, matchedWords, phrasesOf, rankValues, runsOf, termsOf, type Ranked } from '../domain/suggest-terms.ts';
import { bigrams, petitionText } from '../domain/text-similarity.ts';
import { categoryIndex } from './category-index.ts';
import { repeatSettingsOf, round3 } from './repeat-detection.ts';
import { fieldModels, modelMeta } from './suggestion-model.ts';

export type Draft = { title: string; content: string; categoryCode?: string; accusedAgencyId?: string };

export type CaseRef = {
  caseNo: string;
  title: string;
  categoryCode: string;
  categoryName: string;
  scope: string | null;
  scopeLabel: string | null;
  agencyId: string | null;
  agencyName: string | null;
  status: string;
  statusLabel: string;
  score: number;
  words: string[];
};
type Reasons = { cases: CaseRef[]; words: string[] };
export type RuleRef = { id: string; name: string; keywords: string[] };
export type Suggestions = {
  /** How many past petitions the history model has learned from. */
  basis: number;
  category: ({ code: string; name: string; share: number; source: 'history' | 'same_matter'; alternatives: Array<{ code: string; name: string; share: number }> } & Reasons) | null;
  scope: ({ value: Scope; label: string; share: number | null; source: 'rule' | 'history' | 'same_matter'; rule: RuleRef | null } & Reasons) | null;
  agency: ({ id: string; name: string; share: number; source: 'history' | 'same_matter' } & Reasons) | null;
  decline: { reasonCode: DeclineReason; reasonLabel: string; guidance: string; guidancePath: string; source: 'rule' | 'history'; rule: RuleRef | null } | null;
  similar: CaseRef[];
};

const LEGAL_ROUTE_GUIDANCE =
  '您反映的事项应当通过诉讼、仲裁、行政复议等法定途径解决，请及时向有权机关提出：劳动争议自知道或者应当知道权利被侵害之日起1年内申请劳动仲裁；对行政行为不服的，自知道之日起60日内申请行政复议或者6个月内提起行政诉讼；民事纠纷的诉讼时效一般为3年；对一审判决不服的，自判决书送达之日起15日内上诉。';

type Rule = { id: string; name: string; keywords: string[]; scope: string; reason_code: string | null; guidance: string };
type Agency = { id: string; name: string; active: boolean };

const TTL_MS = 10_000;
const caches = new WeakMap<Database, { at: number; rules: Rule[]; agencies: Map<string, Agency>; active: Set<string> }>();

async function reference(db: Database) {
  const hit = caches.get(db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit;
  const [rules, agencies, cats] = await Promise.all([
    db.selectFrom('suggestion_rules').select(['id', 'name', 'keywords', 'scope', 'reason_code', 'guidance']).where('active', '=', true).orderBy('sort').orderBy('name').execute(),
    db.selectFrom('agencies').select(['id', 'name', 'active']).execute(),
    db.selectFrom('categories').select('code').where('active', '=', true).execute(),
  ]);
  const value = { at: Date.now(), rules, agencies: new Map(agencies.map((a) => [a.id, a])), active: new Set(cats.map((c) => c.code)) };
  caches.set(db, value);
  return value;
}

/** Forget cached rules (after an editor's change, in this process; others follow within 10 s). */
export function forgetSuggestionRules(db: Database) {
  caches.delete(db);
}

type Candidate = {
  id: number;
  case_no: string;
  title: string;
  category_code: string;
  scope: string | null;
  agency_id: string | null;
  route_mode: string | null;
  status: string;
};

// Every draft of a category is compared with that category's latest cases: the same few
// hundred petitions for everyone. Their bigrams (the repeat detector's, after its normalisation)
// and terms are kept per process, so a draft computes only its own; a petition's text does not
// change (anonymisation takes it out of the candidates).
type Known = { bigrams: Float64Array; terms: Set<number> };
const KNOWN_MAX = 5_000;
const known = new WeakMap<Database, Map<number, Known>>();

/** The repeat detector's bigrams (text-similarity.ts), sorted, and their Dice coefficient by a
 *  merge of the two lists: the same figure as dice() over the sets, without a hash probe per
 *  bigram (a draft is compared with about 150 cases). */
function sortedBigrams(text: string): Float64Array {
  return Float64Array.from(bigrams(text)).sort();
}

function diceSorted(a: Float64Array, b: Float64Array): number {
  if (a.length + b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return (2 * shared) / (a.length + b.length);
}

async function textsOf(db: Database, rows: Candidate[]): Promise<Map<number, Known>> {
  let cache = known.get(db);
  if (!cache) known.set(db, (cache = new Map()));
  const missing = rows.filter((r) => !cache.has(r.id)).map((r) => r.id);
  if (missing.length) {
    const { rows: texts } = await sql<{ id: number; title: string; content: string }>`SELECT id, title, content FROM petitions WHERE id = ANY(${missing}::bigint[])`.execute(db);
    for (const t of texts) {
      const text = petitionText(t);
      cache.set(t.id, { bigrams: sortedBigrams(text), terms: termsOf(text) });
    }
    for (const k of cache.keys()) {
      if (cache.size <= KNOWN_MAX) break;
      cache.delete(k);
    }
  }
  return cache;
}

async function candidates(db: Database, categories: string[], bands: string[]): Promise<Candidate[]> {
  const cols = sql`p.id, p.case_no, p.title, p.category_code, p.scope, p.agency_id::text AS agency_id, p.route_mode, p.status`;
  const perCategory = [80, 40, 20];
  const parts = categories.slice(0, 3).map(
    (c, i) => sql`(SELECT ${cols} FROM petitions p WHERE p.category_code = ${c} AND p.anonymised_at IS NULL AND p.status <> 'merged' ORDER BY p.id DESC LIMIT ${perCategory[i]})`,
  );
  if (bands.length) {
    parts.push(sql`(SELECT ${cols} FROM petitions p WHERE p.id IN (SELECT b.petition_id FROM text_bands b WHERE b.band_hash = ANY(${bands}::bigint[])) AND p.anonymised_at IS NULL AND p.status <> 'merged' ORDER BY p.id DESC LIMIT 20)`);
  }
  if (!parts.length) return [];
  const { rows } = await sql<Candidate>`${sql.join(parts, sql` UNION `)}`.execute(db);
  return rows;
}

/** The rule whose keywords the draft holds, first by the editors' order. */
function matchRule(rules: Rule[], text: string): { rule: Rule; keywords: string[] } | undefined {
  for (const rule of rules) {
    const hit = rule.keywords.filter((k) => k && text.includes(k));
    if (hit.length) return { rule, keywords: hit };
  }
  return undefined;
}

const top = (r: Ranked[], allowed: (v: string) => boolean) => r.filter((x) => allowed(x.value));

/** Suggestions for a draft. */
export async function suggestFor(deps: Deps, draft: Draft): Promise<Suggestions> {
  const db = deps.db;
  const text = petitionText({ title: draft.title, content: draft.content });
  const terms = [...termsOf(text)];
  const [ref, cats, meta, settings] = await Promise.all([reference(db), categoryIndex(db), modelMeta(db), repeatSettingsOf(db)]);
  const catName = (code: string) => cats.byCode.get(code)?.path ?? code;
  const out: Suggestions = { basis: meta.docs, category: null, scope: null, agency: null, decline: null, similar: [] };
  if (!draft.title.trim() && !draft.content.trim()) return out;

  // One read of the model: the draft's terms, and the category pseudo-terms scope and agency use.
  const models = await fieldModels(db, [...terms, ...[...ref.active].map(categoryTerm)]);
  const catRanked = top(rankValues(models.category, terms), (v) => ref.active.has(v));
  const chosenCategory = draft.categoryCode && cats.byCode.has(draft.categoryCode) ? draft.categoryCode : undefined;
  const forRest = chosenCategory ?? catRanked[0]?.value;
  const restTerms = forRest ? [...terms, categoryTerm(forRest)] : terms;
  const scopeModel = models.scope;
  const agencyModel = models.agency;
  // Scope and agency: complement naive Bayes, which does not favour the small values (a legal-route
  // decline is rare) the way plain naive Bayes does over a letter's hundreds of terms.
  const scopeRanked = top(rankValues(scopeModel, restTerms, true), (v) => v in SCOPE_LABELS);
  // An accusation is never sent to the body it accuses.
  const allowedAgency = (id: string) => ref.agencies.get(id)?.active === true && id !== draft.accusedAgencyId;
  const agencyRanked = top(rankValues(agencyModel, restTerms, true), allowedAgency);

  // Similar past cases.
  const mine = sortedBigrams(text);
  const runs = runsOf(text);
  const candidateCats = [...new Set([...(chosenCategory ? [chosenCategory] : []), ...catRanked.slice(0, 3).map((r) => r.value)])];
  const rows = await candidates(db, candidateCats, fastTextBands(text));
  const catModel = models.category;
  const docs = docsOf(catModel) || 1;
  // Words worth naming: in both texts and in under a twentieth of the history.
  const specific = new Set<number>();
  for (const t of terms) {
    const row = catModel.counts.get(t);
    if (!row) continue;
    let n = 0;
    for (let j = 1; j < row.length; j += 2) n += row[j];
    if (n / docs < 0.05) specific.add(t);
  }
  const texts = await textsOf(db, rows);
  const scored = rows
    .filter((c) => texts.has(c.id))
    .map((c) => ({ c, k: texts.get(c.id)!, score: diceSorted(mine, texts.get(c.id)!.bigrams) }))
    .sort((a, b) => b.score - a.score || b.c.id - a.c.id)
    .slice(0, 12)
    .map(({ c, k, score }): CaseRef & { routeMode: string | null } => ({
      caseNo: c.case_no,
      title: c.title,
      categoryCode: c.category_code,
      categoryName: catName(c.category_code),
      scope: c.scope,
      scopeLabel: c.scope ? SCOPE_LABELS[c.scope as Scope] ?? c.scope : null,
      agencyId: c.agency_id,
      agencyName: c.agency_id ? ref.agencies.get(c.agency_id)?.name ?? null : null,
      status: c.status,
      statusLabel: STATUS_LABELS[c.status as Status] ?? c.status,
      score: round3(score),
      words: phrasesOf(runs, (t) => (specific.has(t) && k.terms.has(t) ? 1 : 0), 5),
      routeMode: c.route_mode,
    }));
  const strip = ({ routeMode: _, ...r }: CaseRef & { routeMode: string | null }): CaseRef => r;
  out.similar = scored.slice(0, 3).map(strip);
  const casesWhere = (pred: (c: CaseRef & { routeMode: string | null }) => boolean) => scored.filter(pred).slice(0, 3).map(strip);
  // The same matter decided before: its decisions stand unless a rule says otherwise.
  const same = scored.find((c) => c.score >= settings.copyThreshold);

  // Category.
  const catValue = same && ref.active.has(same.categoryCode) ? same.categoryCode : catRanked[0]?.value;
  if (catValue) {
    const ranked = catRanked.find((r) => r.value === catValue);
    out.category = {
      code: catValue,
      name: catName(catValue),
      share: round3(ranked?.share ?? 1),
      source: same && same.categoryCode === catValue && catRanked[0]?.value !== catValue ? 'same_matter' : 'history',
      alternatives: catRanked.filter((r) => r.value !== catValue).slice(0, 2).map((r) => ({ code: r.value, name: catName(r.value), share: round3(r.share) })),
      cases: casesWhere((c) => c.categoryCode === catValue),
      words: matchedWords(runs, catModel, terms, catValue),
    };
  }

  // Scope: a rule first.
  const hit = matchRule(ref.rules, text);
  if (hit && hit.rule.scope in SCOPE_LABELS) {
    const rule: RuleRef = { id: hit.rule.id, name: hit.rule.name, keywords: hit.keywords };
    const value = hit.rule.scope as Scope;
    out.scope = { value, label: SCOPE_LABELS[value], share: null, source: 'rule', rule, cases: casesWhere((c) => c.scope === value), words: hit.keywords };
    if (hit.rule.reason_code) {
      const reason = hit.rule.reason_code as DeclineReason;
      out.decline = {
        reasonCode: reason,
        reasonLabel: DECLINE_REASON_LABELS[reason] ?? reason,
        guidance: hit.rule.guidance || (reason === 'legal_route' ? LEGAL_ROUTE_GUIDANCE : ''),
        guidancePath: DECLINE_REASON_GUIDANCE[reason] ?? '',
        source: 'rule',
        rule,
      };
    }
  } else {
    const sameScope = same?.scope ?? undefined;
    const value = (sameScope ?? scopeRanked[0]?.value) as Scope | undefined;
    if (value) {
      const ranked = scopeRanked.find((r) => r.value === value);
      out.scope = {
        value,
        label: SCOPE_LABELS[value],
        share: ranked ? round3(ranked.share) : null,
        source: sameScope === value && scopeRanked[0]?.value !== value ? 'same_matter' : 'history',
        rule: null,
        cases: casesWhere((c) => c.scope === value),
        words: matchedWords(runs, scopeModel, terms, value),
      };
      if (value === 'legal_route') {
        out.decline = { reasonCode: 'legal_route', reasonLabel: DECLINE_REASON_LABELS.legal_route, guidance: LEGAL_ROUTE_GUIDANCE, guidancePath: DECLINE_REASON_GUIDANCE.legal_route, source: 'history', rule: null };
      }
    }
  }

  // Agency: only for a matter that is accepted and sent on.
  if (!out.decline && out.scope?.value !== 'none' && out.scope?.value !== 'legal_route') {
    const sameAgency = same && (same.routeMode === 'forward' || same.routeMode === 'assign') && same.agencyId && allowedAgency(same.agencyId) ? same.agencyId : undefined;
    const value = sameAgency ?? agencyRanked[0]?.value;
    if (value) {
      const ranked = agencyRanked.find((r) => r.value === value);
      out.agency = {
        id: value,
        name: ref.agencies.get(value)?.name ?? value,
        share: round3(ranked?.share ?? 1),
        source: sameAgency === value && agencyRanked[0]?.value !== value ? 'same_matter' : 'history',
        cases: casesWhere((c) => c.agencyId === value),
        words: matchedWords(runs, agencyModel, terms, value),
      };
    }
  }
  return out;
}
