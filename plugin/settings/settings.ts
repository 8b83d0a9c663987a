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

/**
 * Every setting key, declared once and in display order: a key missing here or not in
 * PluginSettings does not compile. The route body is derived from it (SettingsDto.ts), and the
 * patch DTO is checked against it (unit test).
 */
const KEYS: Record<SettingKey, true> = {
  autoPost: true,
  syncIntervalMinutes: true,
  grouping: true,
  voucherDate: true,
  voucherType: true,
  glosaTemplate: true,
  mergeLines: true,
  ivaCreditAccount: true,
  retentionAccount: true,
  documentTypeField: true,
  costCenterField: true,
  supplierRutField: true,
  documentNumberField: true,
  closedPeriodPolicy: true,
  staleExpenseDays: true,
  repostOnChange: true,
  importFrom: true,
};

export const SETTING_KEYS = Object.keys(KEYS) as readonly SettingKey[];

/** Days before the close an expense may be dated without an advertencia (0 turns it off). */
export const STALE_EXPENSE_DAYS_RANGE = { min: 0, max: 3650 } as const;

export const SYNC_INTERVAL_RANGE = { min: 1, max: 1440 } as const;

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(KEYS, key);
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
