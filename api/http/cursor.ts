// Opaque keyset-paging cursors (base64url JSON arrays) for the staff lists. A cursor comes back
// from the client, so it is input like any other: every element is checked here — a timestamp in
// PostgreSQL's text form, an id within bigint's safe range — and anything else is a 400 with a
// message, never a value PostgreSQL would refuse with a 500.
import { badRequest } from './errors.ts';

export type CursorPart = 'timestamp' | 'id';

// PostgreSQL's timestamptz output (DateStyle ISO), or ±infinity (next_due_at of a case with no
// running clock). The ISO form with a T is accepted too.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)?$/;

export const badCursor = () => badRequest('翻页参数不正确，请回到第一页', { cursor: '翻页参数不正确' });

function validTimestamp(v: unknown): v is string {
  if (typeof v !== 'string' || v.length > 40) return false;
  if (v === 'infinity' || v === '-infinity') return true;
  const m = TIMESTAMP.exec(v);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  return y >= 1900 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && s <= 60;
}

const validId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

export function encodeCursor(parts: Array<string | number>): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** The cursor's elements in the given shape, or a 400. */
export function decodeCursor<T extends Array<string | number>>(s: string, shape: CursorPart[]): T {
  if (s.length > 200 || !/^[A-Za-z0-9_-]*$/.test(s)) throw badCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== shape.length) throw badCursor();
  shape.forEach((kind, i) => {
    if (kind === 'timestamp' ? !validTimestamp(parsed[i]) : !validId(parsed[i])) throw badCursor();
  });
  return parsed as T;
}
