// The office's identity as the console shows it (its name in the header, on receipts): read once
// per page from the API, so an admin's change shows without a rebuild. Until it answers, the
// name the portal was built with stands in.
import { office as built } from '../i18n/zh';
import { get } from './client';

export type Office = { name: string; address: string; postcode: string; phone: string; receptionHours: string; docPrefix: string };

let current: Promise<Office> | null = null;

export function loadOffice(): Promise<Office> {
  current ??= get<Office>('/api/staff/settings/office', { noRedirect: true }).then((r) =>
    r.ok ? r.data : { name: built.name, address: '', postcode: '', phone: '', receptionHours: '', docPrefix: '' },
  );
  return current;
}

/** Puts the configured name into the page's header and title (they were built with the default). */
export async function showOfficeName(): Promise<void> {
  const o = await loadOffice();
  if (!o.name || o.name === built.name) return;
  for (const el of document.querySelectorAll('.brand-office')) el.textContent = o.name;
  document.title = document.title.replaceAll(built.name, o.name);
}
