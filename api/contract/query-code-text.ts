// How people type query codes, shared by the API and the portal (no imports, so the browser
// bundles it): separators of any kind are ignored (spaces, dashes, "·", dots, slashes, commas,
// full-width forms), letters may be lower case; and when a code holds a character that query
// codes never use (0 O 1 I L), the citizen is told exactly which one, instead of "not found".

export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 13;

/** Everything a person may put between groups: whitespace, dashes, dots, middle dots, slashes, commas. */
const SEPARATORS = /[\s\-‐‑‒–—―_－·•・∙⋅.。．/／\\、,，:：]/g;

/** Upper case, full-width folded, separators removed (not yet checked against the alphabet). */
export function squeezeQueryCode(raw: string): string {
  return raw.normalize('NFKC').toUpperCase().replace(SEPARATORS, '');
}

const CONFUSABLE: Record<string, string> = {
  '0': '数字“0”（零）',
  O: '字母“O”',
  '1': '数字“1”（一）',
  I: '字母“I”',
  L: '字母“L”',
};

/**
 * What is wrong with a typed code, in words a person can act on; null when it has the form of a
 * code (it may still be unknown).
 */
export function queryCodeProblem(raw: string): string | null {
  const c = squeezeQueryCode(raw);
  if (!c) return '请输入查询码';
  const bad = [...new Set([...c].filter((ch) => !CODE_ALPHABET.includes(ch)))];
  const confusable = bad.filter((ch) => CONFUSABLE[ch]);
  if (confusable.length) {
    const where = confusable.map((ch) => `${CONFUSABLE[ch]}（第 ${[...c].indexOf(ch) + 1} 位）`).join('、');
    return `查询码里不会出现${where}。查询码不用 0、O、1、I、L 这几个容易看错的字符，请对照回执再看一下：可能是 D、Q、U 或 7、J 等相近的字符。`;
  }
  if (bad.length) return `查询码只由大写字母和数字组成，不含“${bad.join('')}”。请对照回执重新输入。`;
  if (c.length !== CODE_LENGTH) return `查询码共 ${CODE_LENGTH} 位（如 ABCD-EFGH-JKMNP），您输入了 ${c.length} 位，请核对。`;
  return null;
}
