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
// terms the history has seen. Words the long, personal part of a letter shares with every
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

/**
 * The phrases of `text` made of the terms `weight` gives a weight above zero: runs of Chinese
 * characters whose every bigram weighs (broken at function characters), a run longer than
 * `maxLen` cut to its heaviest window; heaviest first, at most `max`.
 */
export function phrasesOf(text: string, weight: (term: number) => number, max = 6, maxLen = 8): string[] {
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
  for (const m of text.normalize('NFKC').matchAll(HAN_RUN)) {
    const chars = [...m[0]];
    let run: string[] = [];
    let ws: number[] = [];
    const flush = () => {
      if (ws.length) take(run, ws);
      run = [];
      ws = [];
    };
    for (let i = 0; i + 1 < chars.length; i++) {
      const w = STOP_CHARS.has(chars[i]) || STOP_CHARS.has(chars[i + 1]) ? 0 : weight(chars[i].codePointAt(0)! * 0x110000 + chars[i + 1].codePointAt(0)!);
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

/** What the history holds for one field: per value its petitions and (petition, term) pairs,
 *  the number of distinct terms, and for each of the draft's terms the counts per value. */
export type FieldModel = {
  totals: Map<string, { docs: number; terms: number }>;
  vocabulary: number;
  counts: Map<number, Map<string, number>>;
};

export type Ranked = { value: string; score: number; share: number };

const ALPHA = 0.5;

/** The field's values ranked for a draft with these terms; `share` is the softmax of the
 *  scores (the model's confidence, overconfident as naive Bayes is: a ranking, not a chance). */
export function rankValues(model: FieldModel, terms: Iterable<number>): Ranked[] {
  const values = [...model.totals.entries()].filter(([, t]) => t.docs > 0);
  if (!values.length) return [];
  const docs = values.reduce((s, [, t]) => s + t.docs, 0);
  const v = Math.max(1, model.vocabulary);
  const scores = new Map<string, number>(values.map(([k, t]) => [k, Math.log(t.docs / docs)]));
  for (const term of terms) {
    const row = model.counts.get(term);
    if (!row) continue;
    for (const [k, t] of values) scores.set(k, scores.get(k)! + Math.log(((row.get(k) ?? 0) + ALPHA) / (t.terms + ALPHA * v)));
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const top = ranked[0][1];
  const exp = ranked.map(([, s]) => Math.exp(s - top));
  const sum = exp.reduce((a, b) => a + b, 0);
  return ranked.map(([value, score], i) => ({ value, score, share: exp[i] / sum }));
}

/** How much each of the draft's terms favours `value` over the field's other values (the log of
 *  the ratio of its smoothed frequencies), for the terms that favour it. */
export function termWeights(model: FieldModel, terms: Iterable<number>, value: string): Map<number, number> {
  const mine = model.totals.get(value);
  const out = new Map<number, number>();
  if (!mine) return out;
  let otherTerms = 0;
  for (const [k, t] of model.totals) if (k !== value) otherTerms += t.terms;
  const v = Math.max(1, model.vocabulary);
  for (const term of terms) {
    const row = model.counts.get(term);
    if (!row || term < 0) continue;
    const n = row.get(value) ?? 0;
    let others = 0;
    for (const [k, c] of row) if (k !== value) others += c;
    const w = Math.log((n + ALPHA) / (mine.terms + ALPHA * v)) - Math.log((others + ALPHA) / (otherTerms + ALPHA * v));
    if (w > 0 && n >= 2) out.set(term, w);
  }
  return out;
}

/** The words of `text` that speak most for `value`: its phrases of strongly favouring terms. */
export function matchedWords(text: string, model: FieldModel, terms: Iterable<number>, value: string, max = 6): string[] {
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
