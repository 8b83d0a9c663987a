import type { Knex } from 'knex';
import { inject, injectable } from 'tsyringe';
import { Tokens } from '../di/tokens';
import { isSettingKey, type PluginSettings, type SettingKey } from './settings';

export type StoredSettings = Partial<PluginSettings>;

interface SettingRow {
  company_id: string;
  key: string;
  value_json: string;
  updated_by: string | null;
  updated_at: string;
}

const TABLE = 'rg_settings';

/** Keys no longer known to the code are ignored rather than trusted. */
function toSettings(rows: SettingRow[]): StoredSettings {
  const out: Record<string, unknown> = {};
  for (const row of rows) if (isSettingKey(row.key)) out[row.key] = JSON.parse(row.value_json);
  return out as StoredSettings;
}

function toRow(companyId: string, key: SettingKey, value: unknown, by: string, at: string): SettingRow {
  return { company_id: companyId, key, value_json: JSON.stringify(value), updated_by: by, updated_at: at };
}

/** One row per company and setting; a setting without a row has its default. */
@injectable()
export class SettingsRepository {
  constructor(@inject(Tokens.Knex) private readonly db: Knex) {}

  async stored(companyId: string, trx: Knex = this.db): Promise<StoredSettings> {
    return toSettings(await trx<SettingRow>(TABLE).where({ company_id: companyId }));
  }

  async save(companyId: string, values: StoredSettings, by: string, at: string, trx: Knex = this.db) {
    const rows = Object.entries(values).map(([key, value]) =>
      toRow(companyId, key as SettingKey, value, by, at),
    );
    if (!rows.length) return;
    // knex compiles this to ON CONFLICT … DO UPDATE (SQLite) and ON DUPLICATE KEY UPDATE (MySQL).
    await trx(TABLE)
      .insert(rows)
      .onConflict(['company_id', 'key'])
      .merge(['value_json', 'updated_by', 'updated_at']);
  }
}
