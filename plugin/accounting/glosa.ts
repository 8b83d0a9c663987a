import { GLOSA_PLACEHOLDERS, type GlosaPlaceholder, type ReportInput } from './model';

export type GlosaValues = Record<GlosaPlaceholder, string>;

const KNOWN = new Set<string>(GLOSA_PLACEHOLDERS);

export function glosaValues(report: ReportInput): GlosaValues {
  return {
    number: report.number,
    employee: report.employeeName,
    title: report.title,
    reportId: String(report.id),
    policy: report.policyName,
    closeDate: report.closeDate,
    sendDate: report.sendDate,
  };
}

/**
 * Fills `{placeholder}`s; an unknown placeholder stays as written so the accountant sees the
 * typo in the voucher instead of a silently shorter glosa. Whitespace is collapsed.
 */
export function renderGlosa(template: string, values: GlosaValues): string {
  const filled = template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    KNOWN.has(name) ? (values[name as GlosaPlaceholder] ?? '') : whole,
  );
  return collapse(filled);
}

/** Cuts to the ledger's limit in characters (never inside a surrogate pair); a limit ≤ 0 means none. */
export function cutGlosa(text: string, maxLength: number): string {
  const collapsed = collapse(text);
  if (!Number.isFinite(maxLength) || maxLength <= 0) return collapsed;
  const chars = Array.from(collapsed);
  return chars.length <= maxLength ? collapsed : chars.slice(0, maxLength).join('').trimEnd();
}

/** A short line glosa from its non-empty parts, cut to the limit. */
export function lineGlosa(parts: (string | null | undefined)[], maxLength: number): string {
  return cutGlosa(parts.filter((p): p is string => !!p && p.trim() !== '').join(' '), maxLength);
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
