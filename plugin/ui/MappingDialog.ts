import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ApiClient, ApiError } from './api';
import { DOCUMENT_KIND_LABELS, type MappingKind } from './mappingKinds';
import { codeOf, describeCode, loadLedgerChoices, picker, type LedgerChoices } from './pickers';
import type { MappingItem } from './types';

/** What a saved mapping changed, for the screen that opened the dialog. */
export interface MappingSaved {
  item: MappingItem;
  message: string;
}

/** The API's answer to a saved mapping: the item, and what the change released. */
interface SaveAnswer {
  item: MappingItem;
  released: number;
  posted: number;
}

/**
 * The one mapping dialog (Centralización rows and the Problemas of Informes open it in place):
 * Cuenta Debe / Cuenta Haber, Centro de negocios or Tipo, with searchable pickers. After saving
 * it says how many blocked reports the change released and how many were centralized (as the API
 * answers), and
 * dispatches `mapping-saved` (detail: MappingSaved).
 */
@customElement('rg-mapping-dialog')
export class MappingDialog extends LitElement {
  @property({ attribute: 'api-base' }) apiBase = '';
  @state() private kind: MappingKind | undefined;
  @state() private item: MappingItem | undefined;
  @state() private choices: LedgerChoices | undefined;
  @state() private error = '';
  @state() private fieldErrors: Record<string, string> = {};
  @state() private saving = false;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('form') private form!: HTMLFormElement;

  private static seq = 0;
  private readonly uid = `rgmap${++MappingDialog.seq}`;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private get api(): ApiClient {
    return new ApiClient(this.apiBase);
  }

  async open(kind: MappingKind, item: MappingItem): Promise<void> {
    this.kind = kind;
    this.item = item;
    this.error = '';
    this.fieldErrors = {};
    await this.updateComplete;
    this.form.reset();
    this.dialog.showModal();
    if (!this.choices && kind.fields !== 'documentKind') {
      try {
        this.choices = await loadLedgerChoices(this.api);
      } catch (err) {
        this.error = err instanceof ApiError ? err.message : 'No se pudieron leer las cuentas del ERP.';
      }
    }
  }

  private close(): void {
    this.dialog.close();
  }

  private bodyOf(data: FormData): Record<string, string | boolean | null> {
    const text = (name: string) => codeOf(String(data.get(name) ?? '')) || null;
    switch (this.kind!.fields) {
      case 'accounts': {
        const accounts = { debitAccount: text('debitAccount'), creditAccount: text('creditAccount') };
        return this.kind!.segment === 'invoice-categories'
          ? { ...accounts, ivaRecoverable: data.get('ivaRecoverable') === 'on' }
          : accounts;
      }
      case 'businessCenter':
        return { businessCenter: text('businessCenter') };
      default:
        return { documentKind: String(data.get('documentKind') ?? '') || null };
    }
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const kind = this.kind!;
    const item = this.item!;
    const body = this.bodyOf(new FormData(this.form));
    this.saving = true;
    this.error = '';
    this.fieldErrors = {};
    try {
      const saved = await this.api.put<SaveAnswer>(
        `/mappings/${kind.segment}/${encodeURIComponent(String(item.id))}`,
        body,
      );
      this.close();
      this.dispatchEvent(
        new CustomEvent<MappingSaved>('mapping-saved', {
          detail: { item: saved.item, message: savedMessage(kind, saved) },
          bubbles: true,
        }),
      );
    } catch (err) {
      if (err instanceof ApiError) {
        this.error = err.message;
        this.fieldErrors = Object.fromEntries(err.fields.map((f) => [f.field, f.message]));
      } else {
        this.error = 'No se pudo guardar. Recargue la página e intente de nuevo.';
      }
    } finally {
      this.saving = false;
    }
  }

  private fields() {
    const kind = this.kind!;
    const mapping = this.item!.mapping;
    const accounts = this.choices?.accounts ?? [];
    if (kind.fields === 'accounts') {
      const suggested = this.item!.suggestion?.debitAccount;
      return html`${picker({
        id: `${this.uid}-debit`,
        label: 'Cuenta Debe',
        name: 'debitAccount',
        value: describeCode(mapping.debitAccount ?? suggested, accounts),
        choices: accounts,
        error: this.fieldErrors.debitAccount,
        required: true,
      })}
      ${picker({
        id: `${this.uid}-credit`,
        label: 'Cuenta Haber',
        name: 'creditAccount',
        value: describeCode(mapping.creditAccount, accounts),
        choices: accounts,
        error: this.fieldErrors.creditAccount,
        required: true,
      })}
      ${
        kind.segment === 'invoice-categories'
          ? html`<div class="field checkbox">
              <input
                id=${`${this.uid}-iva`}
                name="ivaRecoverable"
                type="checkbox"
                ?checked=${mapping.ivaRecoverable !== false}
              />
              <label for=${`${this.uid}-iva`}>IVA recuperable (crédito fiscal)</label>
              <p class="muted">
                Sin marcar, el IVA de estas facturas se suma al gasto y no va a la cuenta IVA crédito fiscal.
              </p>
            </div>`
          : nothing
      }`;
    }
    if (kind.fields === 'businessCenter') {
      const centers = this.choices?.businessCenters ?? [];
      return picker({
        id: `${this.uid}-center`,
        label: 'Centro de negocios',
        name: 'businessCenter',
        value: describeCode(mapping.businessCenter, centers),
        choices: centers,
        error: this.fieldErrors.businessCenter,
        required: true,
      });
    }
    return html`<div class="field">
      <label for=${`${this.uid}-kind`}>Tipo</label>
      <select id=${`${this.uid}-kind`} name="documentKind" required>
        ${Object.entries(DOCUMENT_KIND_LABELS).map(
          ([value, label]) =>
            html`<option value=${value} ?selected=${mapping.documentKind === value}>${label}</option>`,
        )}
      </select>
      <p class="field-error">${this.fieldErrors.documentKind ?? ''}</p>
    </div>`;
  }

  protected override render() {
    const title = this.item ? `Configurar ${this.item.name}` : 'Configurar';
    return html`<dialog class="modal" aria-labelledby=${`${this.uid}-title`}>
      <form @submit=${this.save}>
        <h2 id=${`${this.uid}-title`}>${title}</h2>
        ${
          this.item && this.kind
            ? html`<p class="muted">
                  ${this.kind.label}${
                    this.item.code && this.item.code !== this.item.name
                      ? html` · código ${this.item.code}`
                      : nothing
                  }
                </p>
                ${this.fields()}`
            : nothing
        }
        ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : nothing}
        <div class="actions">
          <button type="submit" class="primary" ?disabled=${this.saving}>Guardar</button>
          <button type="button" @click=${this.close}>Cancelar</button>
        </div>
      </form>
    </dialog>`;
  }
}

function savedMessage(kind: MappingKind, { item, released, posted }: SaveAnswer) {
  const what = `${kind.label} › ${item.name}: guardado.`;
  if (released === 0) return `${what} Con este cambio ningún informe bloqueado quedó liberado.`;
  const reports =
    released === 1
      ? '1 informe bloqueado quedó liberado'
      : `${released} informes bloqueados quedaron liberados`;
  const centralized =
    posted === 0
      ? ' Centralícelos desde Informes (o active «Centralizar automáticamente» en General).'
      : posted === 1
        ? ' 1 quedó centralizado.'
        : ` ${posted} quedaron centralizados.`;
  return `${what} ${reports}.${centralized}`;
}

declare global {
  interface HTMLElementTagNameMap {
    'rg-mapping-dialog': MappingDialog;
  }
}
