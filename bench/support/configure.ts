import type { BenchBed } from './benchHost';

/** Cuentas por pagar al personal: the Haber of every expense (requires the employee's RUT). */
export const CREDIT_ACCOUNT = '2110701001';
export const IVA_CREDIT_ACCOUNT = '1110601001';
export const RETENTION_ACCOUNT = '2110501002';

interface MappingItem {
  id: number;
  remoteKey: string;
  mapped: boolean;
  suggestion: { debitAccount: string } | null;
}

async function items(bed: BenchBed, kind: string): Promise<MappingItem[]> {
  return (await bed.ok<{ items: MappingItem[] }>('mappings.list', { params: { kind } })).items;
}

export interface Configured {
  accepted: number;
  mapped: Record<string, number>;
}

/**
 * Makes every report the sandbox generates postable, as an accountant would through
 * Configuración: General (IVA crédito fiscal, retención, import window, centralizar
 * automáticamente) and Centralización (accept the account suggestions, then give every
 * category, invoice category and account a Debe among the seeded 41… expense accounts and the
 * Haber "cuentas por pagar al personal", and every cost center a postable business center).
 * Document types keep their SII defaults.
 */
export async function configureForPosting(bed: BenchBed, opts: { autoPost: boolean }): Promise<Configured> {
  await bed.ok('settings.put', {
    body: {
      ivaCreditAccount: IVA_CREDIT_ACCOUNT,
      retentionAccount: RETENTION_ACCOUNT,
      importFrom: '2025-01-01',
      autoPost: opts.autoPost,
    },
  });
  const { accepted } = await bed.ok<{ accepted: unknown[] }>('mappings.acceptSuggestions', {});
  const { accounts } = await bed.ok<{ accounts: { code: string }[] }>('ledger.accounts');
  const expenseAccounts = accounts.map((a) => a.code).filter((c) => c.startsWith('411'));
  const { businessCenters } = await bed.ok<{ businessCenters: { code: string }[] }>('ledger.businessCenters');
  if (expenseAccounts.length === 0 || businessCenters.length === 0) {
    throw new Error('the seeded ledger has no 411… accounts or no postable business centers');
  }
  const mapped: Record<string, number> = {};
  for (const kind of ['categories', 'invoice-categories', 'accounts']) {
    let i = 0;
    for (const item of await items(bed, kind)) {
      const debitAccount = item.suggestion?.debitAccount ?? expenseAccounts[i++ % expenseAccounts.length];
      await bed.ok('mappings.put', {
        params: { kind, id: String(item.id) },
        body: { debitAccount, creditAccount: CREDIT_ACCOUNT },
      });
      mapped[kind] = (mapped[kind] ?? 0) + 1;
    }
  }
  let j = 0;
  for (const item of await items(bed, 'cost-centers')) {
    await bed.ok('mappings.put', {
      params: { kind: 'cost-centers', id: String(item.id) },
      body: { businessCenter: businessCenters[j++ % businessCenters.length].code },
    });
    mapped['cost-centers'] = (mapped['cost-centers'] ?? 0) + 1;
  }
  return { accepted: accepted.length, mapped };
}
