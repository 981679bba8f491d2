// The terms a triage suggestion weighs and how it weighs them (issue 17). Pure.
//
// Terms: the character bigrams inside each run of Chinese characters (Chinese has no spaces to
// split words on, and a two-character window catches most words: 拖欠, 工资, 征收, 补偿), as
// numbers (first code point × 0x110000 + second); plus, for the scope and agency fields, one
// pseudo-term for the draft's category (negative numbers), since the category says much about
// where a matter goes.
//
// Ranking: multinomial naive Bayes over term presence (each petition counts a term once), with
// add-α smoothing: score(v) = log P(v) + Σ log((n(t,v) + α) / (T(v) + α·V)) over the draft's
// terms the history has seen (for scope and agency its complement form, see rankValues). Words the long, personal part of a letter shares with every
// category weigh about the same for each value and so cancel; the words of the matter decide.
// The "words that matched" are the draft's terms that favour the chosen value most, joined back
// into the phrases of the draft they came from.

const HAN_RUN = /\p{Script=Han}+/gu;

/** The distinct Han bigrams of a text (after NFKC). */
export function termsOf(text: string): Set<number> {
  const out = new Set<number>();
  for (const m of text.normalize('NFKC').matchAll(HAN_RUN)) {
    let prev = -1;
    for (const ch of m[0]) {
      const cp = ch.codePointAt(0)!;
      if (prev >= 0) out.add(prev * 0x110000 + cp);
      prev = cp;
    }
  }
  return out;
}

/** The bigram a term number stands for (for tests and for reading the model by eye). */
export function termText(term: number): string {
  if (term < 0) return `#${-term}`;
  return String.fromCodePoint(Math.floor(term / 0x110000), term % 0x110000);
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The pseudo-term of a category code (negative, never a bigram). */
export const categoryTerm = (code: string): number => -(fnv1a('category:' + code) + 1);

// Function characters pair with anything: a phrase breaks at them rather than run across words.
const STOP_CHARS = new Set([...'的了我在是和与及对把被也都就还又并等有这那其之于为将从向到给让请您你他她们个些吗呢吧啊着过要能会可以所因此但而或即该各每本某再次已经没']);

/** A text's runs of Chinese characters with their bigram terms (term i joins chars i and i+1),
 *  made once per draft and read by every phrase search. */
export type Runs = Array<{ chars: string[]; terms: number[] }>;

export function runsOf(text: string): Runs {
  const out: Runs = [];
  for (const m of text.normalize('NFKC').matchAll(HAN_RUN)) {
    const chars = [...m[0]];
    const terms: number[] = [];
    for (let i = 0; i + 1 < chars.length; i++) terms.push(STOP_CHARS.has(chars[i]) || STOP_CHARS.has(chars[i + 1]) ? NaN : chars[i].codePointAt(0)! * 0x110000 + chars[i + 1].codePointAt(0)!);
    out.push({ chars, terms });
  }
  return out;
}

/**
 * The phrases of a text made of the terms `weight` gives a weight above zero: runs of Chinese
 * characters whose every bigram weighs (broken at function characters), a run longer than
 * `maxLen` cut to its heaviest window; heaviest first, at most `max`.
 */
export function phrasesOf(text: string | Runs, weight: (term: number) => number, max = 6, maxLen = 8): string[] {
  const found = new Map<string, number>();
  const take = (chars: string[], ws: number[]) => {
    // chars has ws.length + 1 characters; keep the heaviest window of at most maxLen characters.
    let best = 0;
    let bestAt = 0;
    const span = Math.min(ws.length, maxLen - 1);
    for (let i = 0; i + span <= ws.length; i++) {
      let sum = 0;
      for (let j = i; j < i + span; j++) sum += ws[j];
      if (sum > best) {
        best = sum;
        bestAt = i;
      }
    }
    const p = chars.slice(bestAt, bestAt + span + 1).join('');
    found.set(p, Math.max(found.get(p) ?? 0, best));
  };
  for (const { chars, terms } of typeof text === 'string' ? runsOf(text) : text) {
    let run: string[] = [];
    let ws: number[] = [];
    const flush = () => {
      if (ws.length) take(run, ws);
      run = [];
      ws = [];
    };
    for (let i = 0; i < terms.length; i++) {
      const w = Number.isNaN(terms[i]) ? 0 : weight(terms[i]);
      if (w > 0) {
        if (!run.length) run.push(chars[i]);
        run.push(chars[i + 1]);
        ws.push(w);
      } else flush();
    }
    flush();
  }
  return [...found.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([p]) => p);
}

/** What the history holds for one field: its values by id, each value's petitions and
 *  (petition, term) pairs, the number of distinct terms, and for each of the draft's terms its
 *  counts as [value id, count, value id, count, …] (typed arrays, no string keys: ranking a
 *  draft's few hundred terms against a hundred agencies is the bulk of a suggestion's work). */
export type FieldModel = {
  values: readonly (string | undefined)[];
  docs: readonly number[];
  termTotals: readonly number[];
  vocabulary: number;
  counts: Map<number, Int32Array>;
};

export type Ranked = { value: string; score: number; share: number };

const ALPHA = 0.5;

/** A FieldModel from per-value totals and per-term counts keyed by value (tests, small uses). */
export function fieldModelOf(totals: Map<string, { docs: number; terms: number }>, counts: Map<number, Map<string, number>>, vocabulary: number): FieldModel {
  const values = [...totals.keys()];
  const id = new Map(values.map((v, i) => [v, i]));
  const rows = new Map<number, Int32Array>();
  for (const [t, row] of counts) {
    const a = new Int32Array(row.size * 2);
    let j = 0;
    for (const [k, n] of row) {
      a[j++] = id.get(k) ?? -1;
      a[j++] = n;
    }
    rows.set(t, a);
  }
  return { values, docs: values.map((v) => totals.get(v)!.docs), termTotals: values.map((v) => totals.get(v)!.terms), vocabulary, counts: rows };
}

/** The value id of `value`, or -1. */
const idOf = (model: FieldModel, value: string) => model.values.indexOf(value);

/** The total petitions of a field's values. */
export const docsOf = (model: FieldModel) => model.docs.reduce((s, d) => s + (d > 0 ? d : 0), 0);

/** The field's values ranked for a draft with these terms; `share` is the softmax of the
 *  scores (the model's confidence, overconfident as naive Bayes is: a ranking, not a chance).
 *  `complement`: complement naive Bayes (each value weighed by how unlike the other values'
 *  petitions the draft is), steadier where some values have few petitions. */
export function rankValues(model: FieldModel, terms: Iterable<number>, complement = false): Ranked[] {
  const ids: number[] = [];
  for (let i = 0; i < model.values.length; i++) if (model.values[i] !== undefined && model.docs[i] > 0) ids.push(i);
  if (!ids.length) return [];
  let docs = 0;
  let allTerms = 0;
  for (const i of ids) {
    docs += model.docs[i];
    allTerms += model.termTotals[i];
  }
  const v = Math.max(1, model.vocabulary);
  // What a term adds to a value that never saw it is the same for every term (its smoothing
  // base); each term then corrects only the values it was seen with.
  const score = new Float64Array(model.values.length);
  const logAlpha = Math.log(ALPHA);
  let seen = 0;
  for (const term of terms) {
    const row = model.counts.get(term);
    if (!row) continue;
    seen++;
    if (complement) {
      let rowSum = 0;
      for (let j = 1; j < row.length; j += 2) rowSum += row[j];
      // −log((rowSum − n + α) / C(v)); −log(rowSum + α) is the same for every value.
      const none = Math.log(rowSum + ALPHA);
      for (let j = 0; j < row.length; j += 2) if (row[j] >= 0) score[row[j]] += none - Math.log(rowSum - row[j + 1] + ALPHA);
    } else {
      for (let j = 0; j < row.length; j += 2) if (row[j] >= 0) score[row[j]] += Math.log(row[j + 1] + ALPHA) - logAlpha;
    }
  }
  const ranked = ids.map((i) => {
    const denom = Math.log(complement ? allTerms - model.termTotals[i] + ALPHA * v : model.termTotals[i] + ALPHA * v);
    const base = complement ? seen * denom : seen * (logAlpha - denom);
    return { value: model.values[i]!, score: Math.log(model.docs[i] / docs) + base + score[i] };
  });
  ranked.sort((a, b) => b.score - a.score || a.value.localeCompare(b.value));
  const top = ranked[0].score;
  const exp = ranked.map((r) => Math.exp(r.score - top));
  const sum = exp.reduce((a, b) => a + b, 0);
  return ranked.map((r, i) => ({ ...r, share: exp[i] / sum }));
}

/** How much each of the draft's terms favours `value` over the field's other values (the log of
 *  the ratio of its smoothed frequencies), for the terms that favour it. */
export function termWeights(model: FieldModel, terms: Iterable<number>, value: string): Map<number, number> {
  const out = new Map<number, number>();
  const me = idOf(model, value);
  if (me < 0) return out;
  let otherTerms = 0;
  for (let i = 0; i < model.values.length; i++) if (i !== me && model.values[i] !== undefined) otherTerms += model.termTotals[i];
  const v = Math.max(1, model.vocabulary);
  const mine = Math.log(model.termTotals[me] + ALPHA * v);
  const theirs = Math.log(otherTerms + ALPHA * v);
  for (const term of terms) {
    const row = model.counts.get(term);
    if (!row || term < 0) continue;
    let n = 0;
    let others = 0;
    for (let j = 0; j < row.length; j += 2) {
      if (row[j] === me) n = row[j + 1];
      else others += row[j + 1];
    }
    const w = Math.log(n + ALPHA) - mine - (Math.log(others + ALPHA) - theirs);
    if (w > 0 && n >= 2) out.set(term, w);
  }
  return out;
}

/** The words of `text` that speak most for `value`: its phrases of strongly favouring terms. */
export function matchedWords(text: string | Runs, model: FieldModel, terms: Iterable<number>, value: string, max = 6): string[] {
  const weights = termWeights(model, terms, value);
  if (!weights.size) return [];
  // Strong terms only: those above the median favouring weight, and at least twice as frequent
  // for this value as elsewhere.
  const ws = [...weights.values()].sort((a, b) => a - b);
  const cut = Math.max(Math.log(2), ws[Math.floor(ws.length / 2)]);
  return phrasesOf(text, (t) => {
    const w = weights.get(t) ?? 0;
    return w >= cut ? w : 0;
  }, max);
}
