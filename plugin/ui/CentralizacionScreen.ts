import { html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import type { MappingDialog, MappingSaved } from './MappingDialog';
import { blockingCount, coverageOf, describeCoverage } from './coverage';
import { DOCUMENT_KIND_LABELS, MAPPING_KINDS, type MappingKind, type MappingSegment } from './mappingKinds';
import { describeCode, loadLedgerChoices, type LedgerChoices } from './pickers';
import { ScreenBase } from './ScreenBase';
import type { MappingItem, MappingList } from './types';
import './MappingDialog';

/**
 * Centralización: the five lists imported from Rindegastos, each item's Debe/Haber accounts,
 * Centro de negocios or document kind, set through the mapping dialog.
 */
@customElement('rg-centralizacion')
export class CentralizacionScreen extends ScreenBase {
  @state() private lists: Partial<Record<MappingSegment, MappingList>> = {};
  @state() private choices: LedgerChoices = { accounts: [], businessCenters: [] };
  @state() private current: MappingSegment = 'accounts';
  @state() private onlyUnmapped = false;
  @query('rg-mapping-dialog') private dialog!: MappingDialog;

  protected override async load(): Promise<void> {
    const [choices, ...lists] = await Promise.all([
      loadLedgerChoices(this.api),
      ...MAPPING_KINDS.map((k) => this.api.get<MappingList>(`/mappings/${k.segment}`)),
    ]);
    this.choices = choices;
    this.lists = Object.fromEntries(MAPPING_KINDS.map((k, i) => [k.segment, lists[i]]));
  }

  private get kind(): MappingKind {
    return MAPPING_KINDS.find((k) => k.segment === this.current)!;
  }

  private async acceptSuggestions(): Promise<void> {
    await this.run(async () => {
      const { accepted, skipped } = await this.api.post<{ accepted: unknown[]; skipped: unknown[] }>(
        '/mappings/suggestions/accept',
      );
      await this.load();
      return `Se aceptaron ${accepted.length} sugerencias como cuenta Debe${skipped.length ? ` (${skipped.length} ya no eran válidas)` : ''}. Falta indicar la cuenta Haber de cada una.`;
    });
  }

  private mappingSaved(e: CustomEvent<MappingSaved>): void {
    void this.run(async () => {
      await this.load();
      return e.detail.message;
    });
  }

  protected override render() {
    const list = this.lists[this.current];
    return html`<h1>Centralización</h1>
      ${this.messages()}
      <div class="tabs" role="tablist" aria-label="Listas de Centralización" @keydown=${this.tabKeys}>
        ${MAPPING_KINDS.map((k) => {
          const loaded = this.lists[k.segment] !== undefined;
          const blocking = blockingCount(k.segment, this.lists);
          const selected = k.segment === this.current;
          return html`<button
            type="button"
            class="tab"
            role="tab"
            id=${`centralizacion-tab-${k.segment}`}
            aria-selected=${selected ? 'true' : 'false'}
            aria-controls="centralizacion-panel"
            tabindex=${selected ? 0 : -1}
            @click=${() => (this.current = k.segment)}
          >
            ${k.label}
            ${
              loaded
                ? html`<span class=${blocking ? 'badge warn' : 'badge ok'}>${blocking} sin configurar</span>`
                : nothing
            }
          </button>`;
        })}
      </div>
      <div role="tabpanel" id="centralizacion-panel" aria-labelledby=${`centralizacion-tab-${this.current}`}>
        <div class="toolbar">
          <label class="checkbox-inline">
            <input
              type="checkbox"
              .checked=${this.onlyUnmapped}
              @change=${(e: Event) => (this.onlyUnmapped = (e.target as HTMLInputElement).checked)}
            />
            Solo sin configurar
          </label>
          ${
            list?.counts.suggestions
              ? html`<button type="button" @click=${this.acceptSuggestions}>Aceptar sugerencias</button>
                  <span class="muted"
                    >${list.counts.suggestions} cuentas con una cuenta del ERP sugerida</span
                  >`
              : nothing
          }
        </div>
        ${list ? this.table(list) : html`<p class="muted">Cargando…</p>`}
      </div>
      <rg-mapping-dialog api-base=${this.apiBase} @mapping-saved=${this.mappingSaved}></rg-mapping-dialog>`;
  }

  /** The tabs pattern's keys: arrows move to the previous / next list, Home and End to the ends. */
  private tabKeys(e: KeyboardEvent): void {
    const i = MAPPING_KINDS.findIndex((k) => k.segment === this.current);
    const last = MAPPING_KINDS.length - 1;
    const next =
      e.key === 'ArrowRight'
        ? (i + 1) % MAPPING_KINDS.length
        : e.key === 'ArrowLeft'
          ? (i + last) % MAPPING_KINDS.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? last
              : -1;
    if (next < 0) return;
    e.preventDefault();
    this.current = MAPPING_KINDS[next].segment;
    void this.updateComplete.then(() =>
      this.querySelector<HTMLButtonElement>(`#centralizacion-tab-${this.current}`)?.focus(),
    );
  }

  private table(list: MappingList) {
    const kind = this.kind;
    const items = list.items.filter(
      (i) => !this.onlyUnmapped || (i.active && coverageOf(kind.segment, i, this.lists).by === 'none'),
    );
    if (list.items.length === 0)
      return html`<p class="muted">
        Aún no hay ${kind.label.toLowerCase()}: pegue el token en Configuración › Token para importar la
        configuración de Rindegastos.
      </p>`;
    const columns =
      kind.fields === 'accounts'
        ? ['Cuenta Debe', 'Cuenta Haber']
        : kind.fields === 'businessCenter'
          ? ['Centro de negocios']
          : ['Tipo'];
    return html`<table class="grid">
      <caption class="muted">
        ${kind.label}: ${list.counts.total} en total, ${list.counts.mapped} con configuración propia,
        ${blockingCount(kind.segment, this.lists)} sin configurar que bloquearían informes
      </caption>
      <thead>
        <tr>
          <th scope="col">Nombre</th>
          <th scope="col">Código</th>
          ${columns.map((c) => html`<th scope="col">${c}</th>`)}
          <th scope="col">Estado</th>
          <th scope="col"><span class="visually-hidden">Acciones</span></th>
        </tr>
      </thead>
      <tbody>
        ${items.map((item) => this.row(kind, item))}
      </tbody>
    </table>`;
  }

  private row(kind: MappingKind, item: MappingItem) {
    const accounts = this.choices.accounts;
    const cells =
      kind.fields === 'accounts'
        ? [
            describeCode(item.mapping.debitAccount, accounts),
            describeCode(item.mapping.creditAccount, accounts),
          ]
        : kind.fields === 'businessCenter'
          ? [describeCode(item.mapping.businessCenter, this.choices.businessCenters)]
          : [DOCUMENT_KIND_LABELS[item.mapping.documentKind ?? ''] ?? ''];
    const coverage = coverageOf(kind.segment, item, this.lists);
    const state = !item.active
      ? 'Inactivo en Rindegastos'
      : coverage.by === 'none' && item.suggestion
        ? `Sin configurar · sugerida ${describeCode(item.suggestion.debitAccount, accounts)}`
        : describeCoverage(coverage);
    return html`<tr>
      <td>${item.name}</td>
      <td>${item.code && item.code !== item.name ? item.code : ''}</td>
      ${cells.map((c) => html`<td>${c}</td>`)}
      <td>${state}</td>
      <td>
        <button type="button" @click=${() => this.dialog.open(kind, item)}>Configurar ${item.name}</button>
      </td>
    </tr>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rg-centralizacion': CentralizacionScreen;
  }
}
