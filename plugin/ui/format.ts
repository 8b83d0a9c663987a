/** Spanish (es-CL) formatting and labels shared by the screens. */

const clp = new Intl.NumberFormat('es-CL', { style: 'currency', currency: 'CLP', maximumFractionDigits: 0 });
const dateTime = new Intl.DateTimeFormat('es-CL', { dateStyle: 'short', timeStyle: 'short' });

export function money(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : clp.format(value);
}

/** `2025-06-20` → `20-06-2025`, as Chilean accountants write dates. */
export function day(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}-${m}-${y}`;
}

export function moment(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '';
}

export const REPORT_STATES: Record<string, string> = {
  imported: 'Importado',
  blocked: 'Con problemas',
  ready: 'Listo para centralizar',
  posted: 'Centralizado',
  reversed: 'Comprobante eliminado',
  failed: 'Rechazado por el ERP',
};

export const WRITE_BACK_STATES: Record<string, string> = {
  pending: 'Pendiente',
  done: 'Marcado en Rindegastos',
  failed: 'Falló (se reintenta)',
};

export const MENU = 'Contabilidad › Contabilidad › Rindegastos';

/** `1 informe`, `3 informes`. */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
