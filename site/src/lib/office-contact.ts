// The office's address, reception hours and phone as the server filled them into the page's footer
// (api/portal/office-marks.ts), for islands that tell people where else to turn; only the parts
// that are set, without the footer's own lead-in words. Empty when none is set.
export function officeContactText(): string {
  const parts = document.querySelectorAll('.site-footer .office-contact:not([hidden]) > span[data-office-if]:not([hidden])');
  return Array.from(parts, (p) => p.textContent?.trim() ?? '').join('');
}
