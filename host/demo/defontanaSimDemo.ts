import { randomBytes } from 'node:crypto';
import type { Logger } from '../../plugin/index';
import { businessCenterTree, startDefontanaSim } from '../../sandbox/defontana/server';
import { AccountRepository } from '../accounts/AccountRepository';
import { createKnex } from '../../shared/db/database';
import { createCompanyWithUsers } from '../accounts/companies';
import type { DefontanaConfig, HostConfig } from '../config';
import { importChart } from '../ledger/defontana/importChart';
import { LedgerRepository } from '../ledger/LedgerRepository';
import { CHILEAN_BUSINESS_CENTERS, CHILEAN_CHART, seedChileanLedger } from '../ledger/seed';
import { migrateHostLatest } from '../migrations';
import { systemClock } from '../runtime/clock';
import { seedDemo } from './seedDemo';
import { defontanaClient } from '../wiring';

/** The demo company connector mode posts for when DEMO_LEDGER=defontana-sim. */
const DEMO_DEFONTANA_RUT = '76.123.456-0';

export interface DefontanaSimDemo {
  settings: DefontanaConfig;
  banner: string[];
  stop(): Promise<void>;
}

/**
 * `DEMO_LEDGER=defontana-sim npm start`: connector mode without a Defontana account. Starts the
 * Defontana simulator on DEFONTANA_SIM_PORT (default random) with the demo chart's postable
 * accounts and business-center tree, does what the operator would before `serve` (demo:seed, then
 * ledger:import-chart), and returns the DEFONTANA_* settings pointing at it.
 */
export async function startDefontanaSimDemo(
  config: HostConfig,
  env: NodeJS.ProcessEnv,
  logger: Logger,
): Promise<DefontanaSimDemo> {
  const postable = CHILEAN_CHART.filter((a) => a.postable);
  const credentials = {
    client: 'demo',
    company: 'demo',
    user: 'demo',
    password: randomBytes(12).toString('hex'),
  };
  const sim = await startDefontanaSim(
    {
      credentials,
      accounts: postable.map((a) => ({
        code: a.code,
        usesFileAnalysis: a.requires.auxiliary,
        usesDocumentAnalysis: a.requires.document,
        usesBussinessCenterAnalysis: a.requires.businessCenter,
      })),
      businessCenters: businessCenterTree(CHILEAN_BUSINESS_CENTERS),
    },
    Number(env.DEFONTANA_SIM_PORT ?? 0),
  );
  const settings: DefontanaConfig = { apiUrl: sim.url, ...credentials, rut: DEMO_DEFONTANA_RUT };
  const db = createKnex(config.databaseUrl);
  try {
    await migrateHostLatest(db);
    await seedDemo(db, {
      password: config.demoPassword,
      createCompany: (company) =>
        createCompanyWithUsers(db, company, {
          clock: systemClock,
          seedCompany: async (d, id) => {
            await seedChileanLedger(d, id);
          },
        }),
    });
    const company = await new AccountRepository(db).findCompanyByRut(DEMO_DEFONTANA_RUT);
    if (company) {
      const csv = ['code;name', ...postable.map((a) => `${a.code};${a.name}`)].join('\n');
      const client = defontanaClient(settings, logger);
      await importChart(new LedgerRepository(db), client, company.id, csv, systemClock.now().toISOString());
    }
  } catch (err) {
    await sim.close();
    throw err;
  } finally {
    await db.destroy();
  }
  logger.info({ url: sim.url }, 'demo Defontana simulator started');
  return {
    settings,
    banner: [`Simulador Defontana (modo conector para ${DEMO_DEFONTANA_RUT}): ${sim.url}`],
    stop: () => sim.close(),
  };
}
