// Client-side checks that mirror api/contract/schemas.ts so a citizen sees mistakes before
// sending. The server stays authoritative; these are copies because importing the schema
// module would pull zod into the browser bundle (DESIGN §7 budget).

export function normalisePhone(raw: string): string {
  return raw.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
}

export function isValidPhone(raw: string): boolean {
  const p = normalisePhone(raw);
  return /^1[3-9]\d{9}$/.test(p) || /^0\d{2,3}\d{7,8}$/.test(p);
}

/** GB 11643 checksum of an 18-character resident ID number. */
export function isValidIdNumber(raw: string): boolean {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * weights[i];
  return '10X98765432'[sum % 11] === id[17];
}

/** Query codes are typed by people: accept any case, spaces, dashes and full-width letters. */
export function normaliseQueryCode(raw: string): string {
  return raw.normalize('NFKC').toUpperCase().replace(/[\s\-‐-―_－]/g, '');
}

/** Field id for an error key from the server (`petitioner.phone` → `f-petitioner-phone`). */
export const fieldId = (key: string) => 'f-' + key.replace(/\./g, '-');

/** aria-describedby for a control with an optional hint and an optional error. */
export function describedBy(id: string, hint: boolean, error?: string): string | undefined {
  const ids = [hint ? id + '-hint' : '', error ? id + '-error' : ''].filter(Boolean).join(' ');
  return ids || undefined;
}
