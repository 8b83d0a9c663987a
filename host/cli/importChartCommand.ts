import { readFile } from 'node:fs/promises';
import { formatRut, RutFormat, validateRut } from '@fdograph/rut-utilities';
import { createKnex } from '../../shared/db/database';
import { AccountRepository } from '../accounts/AccountRepository';
import { ConfigError, type HostConfig } from '../config';
import { LedgerError } from '../ledger/errors';
import { LedgerRepository } from '../ledger/LedgerRepository';
import { importChart } from '../ledger/defontana/importChart';
import { migrateHostLatest } from '../migrations';
import { systemClock } from '../runtime/clock';
import { createLogger } from '../runtime/logging';
import { defontanaClient } from '../wiring';

/**
 * `rindegastos ledger:import-chart --company <RUT> <file.csv>`: connector mode's chart of
 * accounts, from Defontana's "plan de cuentas" export, each code checked against Defontana.
 * Returns the exit code.
 */
export async function importChartCommand(
  config: HostConfig,
  args: string[],
  io: { out(line: string): void; err(line: string): void },
): Promise<number> {
  const at = args.indexOf('--company');
  const rut = at >= 0 ? args[at + 1] : undefined;
  const file = args.find((a, i) => !a.startsWith('--') && i !== at + 1);
  if (!rut || !validateRut(rut) || !file) {
    io.err('Uso: rindegastos ledger:import-chart --company <RUT empresa> <plan-de-cuentas.csv>');
    return 2;
  }
  if (!config.defontana) {
    throw new ConfigError([
      'ledger:import-chart es del modo conector: defina LEDGER=defontana y las variables DEFONTANA_*',
    ]);
  }
  let csv: string;
  try {
    csv = await readFile(file, 'utf8');
  } catch {
    io.err(`No se pudo leer el archivo ${file}; revise la ruta.`);
    return 1;
  }
  const db = createKnex(config.databaseUrl);
  try {
    await migrateHostLatest(db);
    const company = await new AccountRepository(db).findCompanyByRut(formatRut(rut, RutFormat.DOTS_DASH));
    if (!company) {
      io.err(
        `No hay una empresa con RUT ${rut} en el host; ejecute primero rindegastos demo:seed o cree la empresa.`,
      );
      return 1;
    }
    const client = defontanaClient(
      config.defontana,
      createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel),
    );
    const result = await importChart(
      new LedgerRepository(db),
      client,
      company.id,
      csv,
      systemClock.now().toISOString(),
    );
    io.out(
      `Plan de cuentas de ${company.name}: ${result.created.length} cuentas nuevas, ${result.updated.length} actualizadas, ${result.removed} retiradas.`,
    );
    if (result.unknown.length > 0) {
      io.err(`Defontana no conoce estas cuentas; se omitieron: ${result.unknown.join(', ')}`);
    }
    return 0;
  } catch (err) {
    if (err instanceof LedgerError) {
      io.err(err.message);
      return 1;
    }
    throw err;
  } finally {
    await db.destroy();
  }
}
