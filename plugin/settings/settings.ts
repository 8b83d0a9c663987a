/** Configuración General: what each setting is, and its default. */
import { DEFAULT_BUILDER_SETTINGS, type BuilderSettings } from '../accounting/model';
import { oneYearBefore } from '../rindegastos/dates';

export interface PluginSettings extends BuilderSettings {
  /** Post ready reports without a manual "Centralizar". */
  autoPost: boolean;
  /** Minutes between scheduled syncs of the company. */
  syncIntervalMinutes: number;
  /** Reverse and re-post a posted report whose content changed in Rindegastos. */
  repostOnChange: boolean;
  /** YYYY-MM-DD: reports closed before this day are not imported. */
  importFrom: string;
}

export type SettingKey = keyof PluginSettings;

export const SETTING_KEYS: readonly SettingKey[] = [
  'autoPost',
  'syncIntervalMinutes',
  'grouping',
  'voucherDate',
  'voucherType',
  'glosaTemplate',
  'mergeLines',
  'ivaCreditAccount',
  'retentionAccount',
  'documentTypeField',
  'costCenterField',
  'supplierRutField',
  'documentNumberField',
  'repostOnChange',
  'importFrom',
];

export const SYNC_INTERVAL_RANGE = { min: 5, max: 1440 } as const;

export function isSettingKey(key: string): key is SettingKey {
  return (SETTING_KEYS as readonly string[]).includes(key);
}

/**
 * Defaults of every setting. NOTE: `importFrom` left unset follows the calendar (always one
 * year back, the widest window Rindegastos serves in one `getExpenseReports` range); once a
 * user sets it, it stays.
 */
export function defaultSettings(today: Date): PluginSettings {
  return {
    ...DEFAULT_BUILDER_SETTINGS,
    autoPost: false,
    syncIntervalMinutes: 15,
    repostOnChange: false,
    importFrom: oneYearBefore(today),
  };
}
