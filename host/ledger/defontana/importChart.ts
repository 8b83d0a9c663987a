import type { LedgerAccount } from '../../../plugin/index';
import { LedgerError } from '../errors';
import type { LedgerRepository } from '../LedgerRepository';
import type { DefontanaClient } from './DefontanaClient';

export interface ChartImportResult {
  created: string[];
  updated: string[];
  /** Codes Defontana does not know: reported and skipped. */
  unknown: string[];
  /** Accounts of the company not in the file, removed from its chart. */
  removed: number;
}

/**
 * Parses Defontana's "plan de cuentas" export: UTF-8, `;`-separated, header `code;name`. Codes
 * keep their digits only (the export may print `1.1.06.01.001`). Every bad row is reported at
 * once, by line number.
 */
export function parseChartCsv(text: string): { code: string; name: string }[] {
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (rows[0] ?? '').split(';').map((h) => h.trim().toLowerCase());
  if (header[0] !== 'code' || header[1] !== 'name') {
    throw new LedgerError(
      'VALIDATION',
      'La primera fila del archivo debe ser "code;name" (separado por punto y coma).',
    );
  }
  const problems: string[] = [];
  const accounts: { code: string; name: string }[] = [];
  const seen = new Set<string>();
  rows.slice(1).forEach((row, i) => {
    if (row.trim() === '') return;
    const [rawCode = '', ...nameParts] = row.split(';');
    const code = rawCode.replace(/[.\s-]/g, '');
    const name = nameParts.join(';').trim().replace(/^"|"$/g, '');
    if (!/^\d{10}$/.test(code))
      problems.push(`línea ${i + 2}: el código "${rawCode.trim()}" debe tener 10 dígitos`);
    else if (name === '') problems.push(`línea ${i + 2}: falta el nombre de la cuenta ${code}`);
    else if (seen.has(code)) problems.push(`línea ${i + 2}: la cuenta ${code} está repetida`);
    else {
      seen.add(code);
      accounts.push({ code, name: name.slice(0, 200) });
    }
  });
  if (problems.length > 0) {
    throw new LedgerError('VALIDATION', `El plan de cuentas tiene errores:\n  - ${problems.join('\n  - ')}`);
  }
  return accounts;
}

/**
 * Makes the company's chart exactly the imported one: each code checked with GetAccountAnalisys
 * (its flags become the account's required analyses), unknown codes skipped, re-runs update names
 * and flags, and accounts not in the file (the built-in demo chart) leave the company's chart.
 */
export async function importChart(
  repo: LedgerRepository,
  client: DefontanaClient,
  companyId: string,
  csv: string,
  now: string,
): Promise<ChartImportResult> {
  const rows = parseChartCsv(csv);
  const result: ChartImportResult = { created: [], updated: [], unknown: [], removed: 0 };
  const kept: string[] = [];
  for (const row of rows) {
    const analysis = await client.getAccountAnalysis(row.code);
    if (!analysis) {
      result.unknown.push(row.code);
      continue;
    }
    const account: LedgerAccount = {
      code: row.code,
      name: row.name,
      postable: true,
      active: true,
      requires: {
        businessCenter: analysis.usesBussinessCenterAnalysis === true,
        auxiliary: analysis.usesFileAnalysis === true,
        document: analysis.usesDocumentAnalysis === true,
      },
    };
    if (await repo.getAccount(companyId, row.code)) {
      await repo.updateAccount(companyId, account, now);
      result.updated.push(row.code);
    } else {
      await repo.insertAccount(companyId, account, now);
      result.created.push(row.code);
    }
    kept.push(row.code);
  }
  if (kept.length > 0) result.removed = await repo.deleteAccountsExcept(companyId, kept);
  return result;
}
