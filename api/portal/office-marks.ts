// The office's identity in the portal's HTML at serve time (no rebuild): the Astro build writes
// marked elements, `<span data-office="name">…</span>` (name, address, postcode, phone,
// receptionHours), and `data-office-if="phone|address"` on elements that only make sense when
// one of those is set (hidden otherwise); the placeholder name left in titles and text is
// replaced too. Values are escaped; nothing else in the page changes.
import type { OfficeIdentity } from '../contract/schemas.ts';

export const OFFICE_NAME_PLACEHOLDER = 'XX市人大常委会';
const FIELDS = ['name', 'address', 'postcode', 'phone', 'receptionHours'] as const;
type Field = (typeof FIELDS)[number];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const valueOf = (o: OfficeIdentity, f: string): string => ((FIELDS as readonly string[]).includes(f) ? (o[f as Field] ?? '').trim() : '');

export function withOffice(html: string, o: OfficeIdentity): string {
  return html
    .replace(/<span data-office="(\w+)">[^<]*<\/span>/g, (_, f: string) => `<span data-office="${f}">${esc(valueOf(o, f))}</span>`)
    .replace(/ data-office-if="([\w|]+)"/g, (m, fs: string) => (fs.split('|').some((f) => valueOf(o, f)) ? m : m + ' hidden'))
    .replaceAll(OFFICE_NAME_PLACEHOLDER, esc(o.name));
}
