import type { MappingSegment } from './mappingKinds';
import type { MappingItem, MappingList } from './types';

/** Whether an item's expenses find accounts, and through what (mapping precedence, DESIGN.md §7). */
export type Coverage =
  | { by: 'own' }
  | { by: 'account'; key: string }
  | { by: 'category'; key: string }
  /** A Cuenta whose categories all have their own accounts: nothing falls back to it. */
  | { by: 'unused' }
  | { by: 'none' };

type Lists = Partial<Record<MappingSegment, MappingList>>;

interface Details {
  accountCodes?: string[];
  categories?: string[];
}

const detailsOf = (item: MappingItem) => ((item as { details?: Details }).details ?? {}) as Details;

/**
 * How each item of a list is covered: its own mapping; a Categoría by the Cuenta of its account
 * code; a Categoría de factura by its Categoría (or that one's Cuenta). Only `none` blocks reports.
 */
export function coverageOf(segment: MappingSegment, item: MappingItem, lists: Lists): Coverage {
  if (item.mapped) return { by: 'own' };
  const mappedAccount = (codes: string[]) =>
    codes.find((code) => lists.accounts?.items.some((a) => a.remoteKey === code && a.mapped && a.active));
  const categoryCoverage = (category: MappingItem): Coverage => {
    if (category.mapped) return { by: 'category', key: category.remoteKey };
    const code = mappedAccount(detailsOf(category).accountCodes ?? (category.code ? [category.code] : []));
    return code ? { by: 'account', key: code } : { by: 'none' };
  };
  switch (segment) {
    case 'categories': {
      const c = categoryCoverage(item);
      return c.by === 'category' ? { by: 'own' } : c;
    }
    case 'invoice-categories': {
      const category = lists.categories?.items.find((c) => c.remoteKey === item.remoteKey);
      if (category) return categoryCoverage(category);
      const code = mappedAccount(detailsOf(item).accountCodes ?? []);
      return code ? { by: 'account', key: code } : { by: 'none' };
    }
    case 'accounts': {
      const names = detailsOf(item).categories ?? [];
      const categories = lists.categories?.items.filter((c) => names.includes(c.remoteKey)) ?? [];
      const invoice = lists['invoice-categories']?.items.filter((c) => names.includes(c.remoteKey)) ?? [];
      const allOwn =
        categories.length === names.length &&
        names.length > 0 &&
        categories.every((c) => c.mapped) &&
        invoice.every((c) => c.mapped || categories.some((k) => k.remoteKey === c.remoteKey && k.mapped));
      return allOwn ? { by: 'unused' } : { by: 'none' };
    }
    default:
      return { by: 'none' };
  }
}

/** Items that would really block a report: active and covered by nothing. */
export function blockingCount(segment: MappingSegment, lists: Lists): number {
  return (lists[segment]?.items ?? []).filter((i) => i.active && coverageOf(segment, i, lists).by === 'none')
    .length;
}

export function describeCoverage(coverage: Coverage): string {
  switch (coverage.by) {
    case 'own':
      return 'Configurado';
    case 'account':
      return `Cubierto por la Cuenta «${coverage.key}»`;
    case 'category':
      return `Cubierto por la Categoría «${coverage.key}»`;
    case 'unused':
      return 'No se usa: sus categorías tienen cuentas propias';
    default:
      return 'Sin configurar';
  }
}
