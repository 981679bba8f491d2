// What the portal keeps on the citizen's own device (localStorage; never sent anywhere): the
// cases filed from it with their query codes, unless the person declines on the receipt, and
// the letter being written (its uploaded files by id, not their bytes) so a reload or Back
// loses nothing. Every access tolerates a browser that refuses storage (private mode, full).

export interface SavedCase {
  caseNo: string;
  queryCode: string;
  registeredAt: string;
  title: string;
}

const CASES = 'xf-cases';
const DRAFT = 'xf-draft';

function read<T>(key: string): T | undefined {
  try {
    const v = localStorage.getItem(key);
    return v ? (JSON.parse(v) as T) : undefined;
  } catch {
    return undefined;
  }
}
function write(key: string, value: unknown): boolean {
  try {
    if (value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

export function savedCases(): SavedCase[] {
  const list = read<SavedCase[]>(CASES);
  return Array.isArray(list) ? list.filter((c) => c && typeof c.caseNo === 'string' && typeof c.queryCode === 'string') : [];
}

/** Keeps (or refreshes) one case; newest first. */
export function saveCase(c: SavedCase): boolean {
  return write(CASES, [c, ...savedCases().filter((x) => x.caseNo !== c.caseNo)].slice(0, 50));
}

export function forgetCase(caseNo: string): void {
  const rest = savedCases().filter((x) => x.caseNo !== caseNo);
  write(CASES, rest.length ? rest : undefined);
}

/** The letter being written, as the form holds it, plus its request key and when it was saved. */
export interface Draft {
  v: 1;
  savedAt: string;
  key: string;
  /** Set when 确认提交 was pressed and no answer came back: the letter may already be in. */
  sentAt?: string;
  fields: Record<string, unknown>;
  files: { id: string; name: string; size: number }[];
}

export const loadDraft = () => {
  const d = read<Draft>(DRAFT);
  return d && d.v === 1 && typeof d.key === 'string' ? d : undefined;
};
export const storeDraft = (d: Draft) => write(DRAFT, d);
export const clearDraft = () => write(DRAFT, undefined);
