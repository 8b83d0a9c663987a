import { html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError } from './api';
import { codeOf, describeCode, picker } from './pickers';
import { ScreenBase } from './ScreenBase';
import type { LedgerAccount } from './types';

interface Settings {
  autoPost: boolean;
  syncIntervalMinutes: number;
  grouping: 'report' | 'expense';
  voucherDate: 'close' | 'send' | 'lastExpense' | 'posting';
  voucherType: string;
  glosaTemplate: string;
  mergeLines: 'none' | 'credit' | 'all';
  ivaCreditAccount: string | null;
  retentionAccount: string | null;
  repostOnChange: boolean;
  importFrom: string;
  closedPeriodPolicy: 'rechazar' | 'primerDiaAbierto';
  staleExpenseDays: number;
}

const GROUPING = { report: 'Un comprobante por informe', expense: 'Un comprobante por gasto' };
const VOUCHER_DATE = {
  close: 'Fecha de cierre del informe',
  send: 'Fecha de envío del informe',
  lastExpense: 'Fecha del último gasto',
  posting: 'Día en que se centraliza',
};
const CLOSED_PERIOD = {
  rechazar: 'Rechazar: el informe queda con un problema que nombra el período',
  primerDiaAbierto: 'Contabilizar el primer día del siguiente período abierto',
};
const MERGE = {
  none: 'No agrupar líneas',
  credit: 'Agrupar las líneas Haber iguales',
  all: 'Agrupar todas las líneas iguales',
};

/** Configuración General: how vouchers are built and when reports are centralized. */
@customElement('rg-general')
export class GeneralScreen extends ScreenBase {
  @state() private settings: Settings | null = null;
  @state() private accounts: LedgerAccount[] = [];
  @state() private fieldErrors: Record<string, string> = {};

  protected override async load(): Promise<void> {
    const [{ settings }, { accounts }] = await Promise.all([
      this.api.get<{ settings: Settings }>('/settings'),
      this.api.get<{ accounts: LedgerAccount[] }>('/ledger/accounts'),
    ]);
    this.settings = settings;
    this.accounts = accounts;
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const text = (k: string) => String(data.get(k) ?? '').trim();
    const body = {
      autoPost: data.get('autoPost') === 'on',
      repostOnChange: data.get('repostOnChange') === 'on',
      ivaCreditAccount: codeOf(text('ivaCreditAccount')) || null,
      retentionAccount: codeOf(text('retentionAccount')) || null,
      grouping: text('grouping'),
      mergeLines: text('mergeLines'),
      voucherType: text('voucherType'),
      voucherDate: text('voucherDate'),
      glosaTemplate: text('glosaTemplate'),
      importFrom: text('importFrom'),
      syncIntervalMinutes: Number(text('syncIntervalMinutes')),
      closedPeriodPolicy: text('closedPeriodPolicy'),
      staleExpenseDays: Number(text('staleExpenseDays')),
    };
    this.fieldErrors = {};
    await this.run(async () => {
      try {
        this.settings = (await this.api.put<{ settings: Settings }>('/settings', body)).settings;
        return 'Configuración General guardada. Los informes pendientes se evaluaron de nuevo con ella.';
      } catch (err) {
        if (err instanceof ApiError)
          this.fieldErrors = Object.fromEntries(
            err.fields.map((f) => [f.field.split('.').at(-1)!, f.message]),
          );
        throw err;
      }
    });
  }

  private field(name: keyof Settings, label: string, control: unknown, help = '') {
    const id = `${this.uid}-${name}`;
    const error = this.fieldErrors[name] ?? '';
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${control} ${help ? html`<p class="muted" id=${`${id}-help`}>${help}</p>` : ''}
      <p class="field-error" id=${`${id}-error`}>${error}</p>
    </div>`;
  }

  private select(name: keyof Settings, options: Record<string, string>) {
    const id = `${this.uid}-${name}`;
    return html`<select id=${id} name=${name} aria-describedby=${`${id}-error`}>
      ${Object.entries(options).map(
        ([value, label]) =>
          html`<option value=${value} ?selected=${this.settings?.[name] === value}>${label}</option>`,
      )}
    </select>`;
  }

  private input(name: keyof Settings, type: string, extra: { help?: boolean } = {}) {
    const id = `${this.uid}-${name}`;
    const error = this.fieldErrors[name];
    return html`<input
      id=${id}
      name=${name}
      type=${type}
      .value=${String(this.settings?.[name] ?? '')}
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${extra.help ? `${id}-help ${id}-error` : `${id}-error`}
    />`;
  }

  protected override render() {
    const s = this.settings;
    if (!s)
      return html`<h1>Configuración General</h1>
        ${this.messages()}
        <p class="muted">Cargando…</p>`;
    const id = (name: string) => `${this.uid}-${name}`;
    return html`<h1>Configuración General</h1>
      ${this.messages()}
      <form class="stack settings" @submit=${this.save} novalidate>
        <div class="field checkbox">
          <input id=${id('autoPost')} name="autoPost" type="checkbox" ?checked=${s.autoPost} />
          <label for=${id('autoPost')}>Centralizar automáticamente</label>
          <p class="muted">
            Los informes cerrados sin problemas se centralizan al importarlos, sin usar «Centralizar».
          </p>
        </div>
        <fieldset>
          <legend>Cuentas</legend>
          ${picker({
            id: id('ivaCreditAccount'),
            label: 'Cuenta IVA crédito fiscal',
            name: 'ivaCreditAccount',
            value: describeCode(s.ivaCreditAccount, this.accounts),
            choices: this.accounts,
            error: this.fieldErrors.ivaCreditAccount,
          })}
          ${picker({
            id: id('retentionAccount'),
            label: 'Cuenta retención honorarios',
            name: 'retentionAccount',
            value: describeCode(s.retentionAccount, this.accounts),
            choices: this.accounts,
            error: this.fieldErrors.retentionAccount,
          })}
        </fieldset>
        <fieldset>
          <legend>Comprobante</legend>
          ${this.field('grouping', 'Agrupación', this.select('grouping', GROUPING))}
          ${this.field('mergeLines', 'Líneas iguales', this.select('mergeLines', MERGE))}
          ${this.field('voucherType', 'Tipo de comprobante', this.input('voucherType', 'text'))}
          ${this.field('voucherDate', 'Fecha del comprobante', this.select('voucherDate', VOUCHER_DATE))}
          ${this.field(
            'glosaTemplate',
            'Glosa',
            this.input('glosaTemplate', 'text', { help: true }),
            'Marcadores: {number} {employee} {title} {reportId} {policy} {closeDate} {sendDate}.',
          )}
          ${this.field(
            'closedPeriodPolicy',
            'Período cerrado',
            this.select('closedPeriodPolicy', CLOSED_PERIOD),
            'Qué hacer cuando la fecha del comprobante cae en un período cerrado de la contabilidad.',
          )}
          ${this.field(
            'staleExpenseDays',
            'Advertir gastos con más días antes del cierre',
            this.input('staleExpenseDays', 'number', { help: true }),
            'Una advertencia, nunca un bloqueo; 0 la desactiva.',
          )}
        </fieldset>
        <fieldset>
          <legend>Sincronización</legend>
          ${this.field(
            'importFrom',
            'Importar desde',
            this.input('importFrom', 'date', { help: true }),
            'Se importan los informes cerrados desde esta fecha.',
          )}
          ${this.field(
            'syncIntervalMinutes',
            'Minutos entre sincronizaciones',
            this.input('syncIntervalMinutes', 'number'),
          )}
          <div class="field checkbox">
            <input
              id=${id('repostOnChange')}
              name="repostOnChange"
              type="checkbox"
              ?checked=${s.repostOnChange}
            />
            <label for=${id('repostOnChange')}
              >Recentralizar informes que cambian después de centralizados</label
            >
          </div>
        </fieldset>
        <div class="actions"><button type="submit" class="primary">Guardar</button></div>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rg-general': GeneralScreen;
  }
}
