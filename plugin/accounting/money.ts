/** CLP has no minor unit: a posted amount is a non-negative safe integer. */
export function isValidAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** es-CL style, deterministic (no ICU): 78000 → "78.000", 120.5 → "120,5", NaN → "no numérico". */
export function formatNumber(value: unknown): string {
  if (typeof value !== 'number') return `«${describeNonNumber(value)}»`;
  if (Number.isNaN(value)) return 'no numérico';
  if (!Number.isFinite(value)) return value > 0 ? 'infinito' : '-infinito';
  const sign = value < 0 ? '-' : '';
  const [int, frac] = Math.abs(value).toString().split('.');
  if (int.includes('e')) return `${sign}${Math.abs(value).toString()}`;
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${grouped}${frac ? `,${frac}` : ''}`;
}

function describeNonNumber(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return 'vacío';
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}
