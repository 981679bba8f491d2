// Plain checks of the contract that both sides run: the API inside its zod schemas, the portal
// before sending. No imports, so the browser bundles them without zod.

/** The GB 11643 check digit (0–9 or X) of the first 17 digits of a resident ID number. */
export function idCheckDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i];
  return '10X98765432'[sum % 11];
}

/** GB 11643 checksum of an 18-character resident ID number. */
export function isValidIdNumber(raw: string): boolean {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  return idCheckDigit(id) === id[17];
}

/** Mainland mobile numbers, or landlines with an area code (dashes and spaces allowed). */
export function normalisePhone(raw: string): string {
  return raw.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
}

export function isValidPhone(raw: string): boolean {
  const p = normalisePhone(raw);
  return /^1[3-9]\d{9}$/.test(p) || /^0\d{2,3}\d{7,8}$/.test(p);
}

/** A plain mail address (one @, a dot in the domain, no spaces). */
export function isValidEmail(raw: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw.trim());
}
