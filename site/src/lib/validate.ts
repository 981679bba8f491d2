// Client-side checks so a citizen sees mistakes before sending. The ID and phone rules are the
// API's own (api/contract/checks.ts, no zod); the server stays authoritative.

export { isValidIdNumber, isValidPhone, normalisePhone } from '../../../api/contract/checks';

/** Query codes are typed by people: any case, full-width letters and separators of any kind. */
export { squeezeQueryCode as normaliseQueryCode } from '../../../api/contract/query-code-text';

/** Field id for an error key from the server (`petitioner.phone` → `f-petitioner-phone`). */
export const fieldId = (key: string) => 'f-' + key.replace(/\./g, '-');

/** aria-describedby for a control with an optional hint and an optional error. */
export function describedBy(id: string, hint: boolean, error?: string): string | undefined {
  const ids = [hint ? id + '-hint' : '', error ? id + '-error' : ''].filter(Boolean).join(' ');
  return ids || undefined;
}
