import type { Knex } from 'knex';
import { inject, injectable } from 'tsyringe';
import { GLOSA_PLACEHOLDERS } from '../accounting/model';
import { AuditLog } from '../audit/AuditLog';
import { Tokens } from '../di/tokens';
import { Listeners } from '../events/Listeners';
import { ValidationError, type FieldProblem } from '../errors/errors';
import type { Clock, Logger } from '../host/Host';
import type { Ledger } from '../host/Ledger';
import { LedgerIndex } from '../accounting/LedgerIndex';
import type { Actor } from '../permissions/actor';
import { calendarDay, chileToday } from '../rindegastos/dates';
import { validateDto } from '../../shared/validation/validateDto';
import { SettingsPatchDto } from './SettingsDto';
import { SettingsRepository, type StoredSettings } from './SettingsRepository';
import { defaultSettings, isSettingKey, type PluginSettings, type SettingKey } from './settings';

export type SettingsChangedListener = (companyId: string, changed: SettingKey[]) => Promise<void>;

const ACCOUNT_SETTINGS = ['ivaCreditAccount', 'retentionAccount'] as const;

/** Every `{…}` in a glosa template that is not a known placeholder, and stray braces. */
export function glosaTemplateProblems(template: string): string[] {
  const known = new Set<string>(GLOSA_PLACEHOLDERS);
  const problems: string[] = [];
  const list = GLOSA_PLACEHOLDERS.map((p) => `{${p}}`).join(', ');
  for (const m of template.matchAll(/\{([^{}]*)\}/g)) {
    if (!known.has(m[1])) problems.push(`El marcador {${m[1]}} no existe. Marcadores disponibles: ${list}`);
  }
  if (/[{}]/.test(template.replace(/\{[^{}]*\}/g, ''))) {
    problems.push('Hay una llave { o } sin cerrar; los marcadores se escriben así: {number}');
  }
  return problems;
}

/** Configuración General of each company: defaults, validation, audit. */
@injectable()
export class SettingsService {
  private readonly listeners = new Listeners<SettingsChangedListener>();

  constructor(
    @inject(Tokens.Knex) private readonly db: Knex,
    @inject(SettingsRepository) private readonly repo: SettingsRepository,
    @inject(Tokens.Ledger) private readonly ledger: Ledger,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(Tokens.Logger) private readonly logger: Logger,
  ) {}

  /** Every setting of the company, defaults filled in; includes every BuilderSettings field. */
  async get(companyId: string): Promise<PluginSettings> {
    return { ...defaultSettings(this.clock.now()), ...(await this.repo.stored(companyId)) };
  }

  /** Called after a change is committed (e.g. to reschedule the sync). Returns an unsubscribe. */
  onSettingsChanged(listener: SettingsChangedListener): () => void {
    return this.listeners.add(listener);
  }

  /**
   * Applies a partial update. Unknown keys, wrong types, accounts that are missing, inactive or
   * not postable, and unknown glosa placeholders are all reported at once, per field, in Spanish.
   */
  async update(actor: Actor, patch: object): Promise<PluginSettings> {
    const unknown = Object.keys(patch).filter((k) => !isSettingKey(k));
    if (unknown.length) {
      throw new ValidationError(
        unknown.map((field) => ({ field, message: 'no es un ajuste de Configuración General' })),
      );
    }
    const dto = validateDto(SettingsPatchDto, { ...patch });
    const given = Object.fromEntries(
      Object.entries(dto).filter(([k, v]) => v !== undefined && isSettingKey(k)),
    ) as StoredSettings;
    const normalized = await this.checkSemantics(actor.companyId, given);

    const before = await this.get(actor.companyId);
    const changed = (Object.keys(normalized) as SettingKey[]).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(normalized[k]),
    );
    if (!changed.length) return before;
    const changes = Object.fromEntries(changed.map((k) => [k, normalized[k]])) as StoredSettings;
    const now = this.clock.now().toISOString();
    await this.db.transaction(async (trx) => {
      await this.repo.save(actor.companyId, changes, actor.userId, now, trx);
      await this.audit.record(
        {
          companyId: actor.companyId,
          actorId: actor.userId,
          action: 'settings.updated',
          subject: changed.join(','),
          before: Object.fromEntries(changed.map((k) => [k, before[k]])),
          after: changes,
          requestId: actor.requestId,
        },
        trx,
      );
    });
    await this.listeners.emitSettled([actor.companyId, changed], (err) =>
      this.logger.warn({ err, companyId: actor.companyId }, 'settings change listener failed'),
    );
    return this.get(actor.companyId);
  }

  private async checkSemantics(companyId: string, given: StoredSettings): Promise<StoredSettings> {
    const problems: FieldProblem[] = [];
    const out: StoredSettings = { ...given };
    const accountsGiven = ACCOUNT_SETTINGS.filter((k) => typeof given[k] === 'string');
    if (accountsGiven.length) {
      const index = new LedgerIndex(await this.ledger.listAccounts(companyId));
      for (const field of accountsGiven) {
        const resolved = index.resolveAccount(given[field] as string);
        if (resolved.ok) out[field] = resolved.code;
        else problems.push({ field, message: resolved.message });
      }
    }
    if (given.glosaTemplate !== undefined) {
      for (const message of glosaTemplateProblems(given.glosaTemplate))
        problems.push({ field: 'glosaTemplate', message });
    }
    for (const field of [
      'voucherType',
      'documentTypeField',
      'costCenterField',
      'supplierRutField',
      'documentNumberField',
    ] as const) {
      if (typeof given[field] === 'string') out[field] = given[field].trim();
    }
    if (given.importFrom !== undefined) {
      const today = chileToday(this.clock.now());
      if (calendarDay(given.importFrom) !== given.importFrom) {
        problems.push({ field: 'importFrom', message: `${given.importFrom} no es una fecha válida` });
      } else if (given.importFrom > today) {
        problems.push({ field: 'importFrom', message: 'no puede ser una fecha futura' });
      } else if (given.importFrom < '2010-01-01') {
        problems.push({ field: 'importFrom', message: 'no puede ser anterior a 2010-01-01' });
      }
    }
    if (problems.length) throw new ValidationError(problems);
    return out;
  }
}
