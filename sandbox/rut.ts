/** Chilean RUT (Rol Único Tributario): módulo 11 check digit and the dotted format. */

/** Check digit of a RUT body: factors 2..7 from the right, dv = 11 − (sum mod 11); 11 → 0, 10 → K. */
export function rutCheckDigit(body: number): string {
  let sum = 0;
  let factor = 2;
  for (let n = Math.floor(body); n > 0; n = Math.floor(n / 10)) {
    sum += (n % 10) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const dv = 11 - (sum % 11);
  return dv === 11 ? '0' : dv === 10 ? 'K' : String(dv);
}

/** `12345678` → `12.345.678-5`. */
export function formatRut(body: number): string {
  const digits = String(Math.floor(body)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${digits}-${rutCheckDigit(body)}`;
}

/** True when `rut` (dots optional, K either case) has a valid check digit. */
export function isValidRut(rut: string): boolean {
  const m = /^(\d{1,3}(?:\.?\d{3})*)-([\dkK])$/.exec(rut.trim());
  if (!m) return false;
  return rutCheckDigit(Number(m[1].replace(/\./g, ''))) === m[2].toUpperCase();
}
