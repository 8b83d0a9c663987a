import type { Knex } from 'knex';
import { AccountRepository } from '../../host/accounts/AccountRepository';
import { DefontanaClient } from '../../host/ledger/defontana/DefontanaClient';
import { DefontanaLedger } from '../../host/ledger/defontana/DefontanaLedger';
import { importChart } from '../../host/ledger/defontana/importChart';
import { LedgerRepository } from '../../host/ledger/LedgerRepository';
import { CHILEAN_BUSINESS_CENTERS, CHILEAN_CHART, seedChileanLedger } from '../../host/ledger/seed';
import {
  businessCenterTree,
  startDefontanaSim,
  type DefontanaSim,
  type DefontanaSimOptions,
} from '../../sandbox/defontana/server';
import { FixedClock, MemoryLogger } from './testHost';

export const DEFONTANA_PASSWORD = 'Sup3r-secreta-Defontana!';
export const DEFONTANA_CREDENTIALS = {
  client: 'CL-20999',
  company: 'EMP-01',
  user: 'api@andes.cl',
  password: DEFONTANA_PASSWORD,
};
export const DEFONTANA_RUT = '76.123.456-0';

/** The demo chart's postable accounts as Defontana knows them (analysis flags = requirements). */
export function simAccounts(): DefontanaSimOptions['accounts'] {
  return CHILEAN_CHART.filter((a) => a.postable).map((a) => ({
    code: a.code,
    usesFileAnalysis: a.requires.auxiliary,
    usesDocumentAnalysis: a.requires.document,
    usesBussinessCenterAnalysis: a.requires.businessCenter,
  }));
}

export function chartCsv(extraLines: string[] = []): string {
  return [
    'code;name',
    ...CHILEAN_CHART.filter((a) => a.postable).map((a) => `${a.code};${a.name}`),
    ...extraLines,
  ].join('\n');
}

export interface DefontanaBed {
  sim: DefontanaSim;
  ledger: DefontanaLedger;
  client: DefontanaClient;
  companyId: string;
  logger: MemoryLogger;
  close(): Promise<void>;
}

/**
 * A host company whose ledger is the Defontana simulator (a real HTTP server on a random port):
 * demo chart seeded first, then replaced by the imported one, as `demo:seed` + `ledger:import-chart`.
 */
export async function startDefontanaBed(
  db: Knex,
  simOptions: Partial<DefontanaSimOptions> = {},
): Promise<DefontanaBed> {
  const sim = await startDefontanaSim({
    credentials: DEFONTANA_CREDENTIALS,
    accounts: simAccounts(),
    businessCenters: businessCenterTree(CHILEAN_BUSINESS_CENTERS),
    ...simOptions,
  });
  const logger = new MemoryLogger();
  const client = new DefontanaClient({
    baseUrl: sim.url,
    credentials: DEFONTANA_CREDENTIALS,
    logger,
    timeoutMs: 400,
    retry: { maxAttempts: 4, baseMs: 5, capMs: 20 },
  });
  const company = await new AccountRepository(db).createCompany({
    name: 'Comercial Andes SpA',
    rut: DEFONTANA_RUT,
    createdAt: new Date().toISOString(),
  });
  await seedChileanLedger(db, company.id);
  await importChart(new LedgerRepository(db), client, company.id, chartCsv(), new Date().toISOString());
  const ledger = new DefontanaLedger(
    db,
    client,
    { clock: new FixedClock(new Date('2025-07-10T15:00:00.000Z')), logger },
    { companyRut: DEFONTANA_RUT },
  );
  return { sim, ledger, client, companyId: company.id, logger, close: () => sim.close() };
}
