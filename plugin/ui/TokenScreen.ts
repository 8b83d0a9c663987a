import { html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { ApiError } from './api';
import { moment } from './format';
import { ScreenBase } from './ScreenBase';
import type { ConnectionState, StatusAnswer } from './types';

interface ImportCounts {
  new: number;
  updated: number;
  reactivated: number;
  inactivated: number;
  unchanged: number;
}

interface ImportSummary {
  counts: Record<string, ImportCounts>;
  suggestions: number;
  warnings: string[];
}

const LISTS: [string, string][] = [
  ['account', 'Cuentas'],
  ['category', 'Categorías'],
  ['invoice_category', 'Categorías de factura'],
  ['cost_center', 'Centros de costo'],
  ['document_type', 'Tipos de documento'],
  ['policy', 'Políticas'],
  ['user', 'Usuarios'],
];

const CONNECTION_STATES: Record<ConnectionState['status'], string> = {
  none: 'Sin token',
  unverified: 'Sin verificar',
  valid: 'Verificado',
  invalid: 'Rechazado por Rindegastos',
  revoked: 'Revocado',
};

/** Token: paste the Rindegastos company token (verified, sealed, then the configuration is imported). */
@customElement('rg-token')
export class TokenScreen extends ScreenBase {
  @state() private connection: ConnectionState | null = null;
  @state() private summary: ImportSummary | null = null;
  @state() private fieldError = '';
  @state() private busy = false;
  @query('dialog') private confirm!: HTMLDialogElement;

  protected override async load(): Promise<void> {
    try {
      this.connection = (await this.api.get<StatusAnswer>('/status')).connection;
    } catch (err) {
      // Holding only the token grant: the state shows after saving.
      if (!(err instanceof ApiError && err.status === 403)) throw err;
    }
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const token = String(new FormData(form).get('token') ?? '').trim();
    this.fieldError = '';
    this.summary = null;
    this.busy = true;
    const ok = await this.run(async () => {
      try {
        const answer = await this.api.put<{ connection: ConnectionState; import: ImportSummary }>(
          '/connection',
          { token },
        );
        this.connection = answer.connection;
        this.summary = answer.import;
        return `Token verificado y guardado (termina en ${answer.connection.last4}). Se importó la configuración de Rindegastos; siga en Contabilidad › Contabilidad › Rindegastos › Configuración › General y Centralización.`;
      } catch (err) {
        if (err instanceof ApiError)
          this.fieldError = err.fields.find((f) => f.field === 'token')?.message ?? '';
        throw err;
      }
    });
    this.busy = false;
    if (ok) form.reset();
  }

  private async revoke(e: Event): Promise<void> {
    e.preventDefault();
    this.confirm.close();
    await this.run(async () => {
      this.connection = (await this.api.delete<{ connection: ConnectionState }>('/connection')).connection;
      this.summary = null;
      return 'Token revocado: no se importarán ni centralizarán informes hasta que pegue uno nuevo.';
    });
  }

  protected override render() {
    const c = this.connection;
    const id = `${this.uid}-token`;
    return html`<h1>Token</h1>
      ${this.messages()}
      ${
        c
          ? html`<dl class="facts">
                <div>
                  <dt>Estado</dt>
                  <dd>${CONNECTION_STATES[c.status] ?? c.status}</dd>
                </div>
                ${
                  c.last4
                    ? html`<div>
                        <dt>Token</dt>
                        <dd>termina en ${c.last4}</dd>
                      </div>`
                    : nothing
                }
                ${
                  c.verifiedAt
                    ? html`<div>
                        <dt>Verificado</dt>
                        <dd>${moment(c.verifiedAt)}</dd>
                      </div>`
                    : nothing
                }
              </dl>
              ${c.action ? html`<p class="notice info">${c.action}</p>` : nothing}`
          : nothing
      }
      <form class="stack" @submit=${this.save}>
        <div class="field">
          <label for=${id}>Token de Rindegastos</label>
          <input
            id=${id}
            name="token"
            type="password"
            autocomplete="off"
            required
            aria-invalid=${this.fieldError ? 'true' : 'false'}
            aria-describedby=${`${id}-help ${id}-error`}
          />
          <p class="muted" id=${`${id}-help`}>
            En Rindegastos: Admin › Integración, active la API y copie el token de la empresa.
          </p>
          <p class="field-error" id=${`${id}-error`}>${this.fieldError}</p>
        </div>
        <div class="actions">
          <button type="submit" class="primary" ?disabled=${this.busy}>
            ${this.busy ? 'Verificando…' : 'Guardar token'}
          </button>
          ${
            c && c.status !== 'none' && c.status !== 'revoked'
              ? html`<button type="button" @click=${() => this.confirm.showModal()}>Revocar token</button>`
              : nothing
          }
        </div>
      </form>
      ${this.summary ? this.summaryTable(this.summary) : nothing}
      <dialog class="modal" aria-labelledby=${`${this.uid}-revoke`}>
        <form @submit=${this.revoke}>
          <h2 id=${`${this.uid}-revoke`}>Revocar token</h2>
          <p>Se borrará el token guardado y se detendrá la sincronización con Rindegastos.</p>
          <div class="actions">
            <button type="submit" class="primary danger">Confirmar</button>
            <button type="button" @click=${() => this.confirm.close()}>Cancelar</button>
          </div>
        </form>
      </dialog>`;
  }

  private summaryTable(s: ImportSummary) {
    return html`<h2>Configuración importada</h2>
      <table class="grid">
        <thead>
          <tr>
            <th scope="col">Lista</th>
            <th scope="col" class="num">Nuevos</th>
            <th scope="col" class="num">Actualizados</th>
            <th scope="col" class="num">Reactivados</th>
            <th scope="col" class="num">Inactivados</th>
            <th scope="col" class="num">Sin cambios</th>
          </tr>
        </thead>
        <tbody>
          ${LISTS.filter(([k]) => s.counts[k]).map(([k, label]) => {
            const c = s.counts[k];
            return html`<tr>
              <th scope="row">${label}</th>
              <td class="num">${c.new}</td>
              <td class="num">${c.updated}</td>
              <td class="num">${c.reactivated}</td>
              <td class="num">${c.inactivated}</td>
              <td class="num">${c.unchanged}</td>
            </tr>`;
          })}
        </tbody>
      </table>
      ${
        s.suggestions
          ? html`<p>
              ${s.suggestions} cuentas tienen una cuenta del ERP sugerida: revíselas en Configuración ›
              Centralización › Cuentas.
            </p>`
          : nothing
      }
      ${s.warnings.map((w) => html`<p class="notice info">${w}</p>`)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rg-token': TokenScreen;
  }
}
