import { html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { day, money, REPORT_STATES } from './format';
import type { MappingDialog, MappingSaved } from './MappingDialog';
import { configureButton, configureSubject, GENERAL_ROUTE } from './problems';
import { ReportActions } from './reportActions';
import { ScreenBase } from './ScreenBase';
import type { LineOrigin, ProblemSubject, ReportDetail, VoucherLine, WriteBack } from './types';
import './MappingDialog';

/**
 * Detalle of one report (Informes › N°): its approved and rejected expenses, open problems (with
 * "Configurar" in place), the voucher — or the preview of the one Centralizar would post — with
 * each line's origin, the voucher number and the write-back state.
 */
@customElement('rg-report-detail')
export class ReportDetailScreen extends ScreenBase {
  @property({ attribute: 'report-id' }) reportId = '';
  @state() private detail: ReportDetail | null = null;
  @query('rg-mapping-dialog') private dialog!: MappingDialog;
  private readonly actions = new ReportActions(this);

  protected override async load(): Promise<void> {
    this.detail = null;
    this.detail = await this.api.get<ReportDetail>(`/reports/${encodeURIComponent(this.reportId)}`);
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (changed.has('reportId') && changed.get('reportId') !== undefined) void this.run(() => this.load());
  }

  async refresh(): Promise<void> {
    await this.load();
  }

  private back(e: Event): void {
    e.preventDefault();
    this.navigate(this.route);
  }

  private configure(subject: ProblemSubject): void {
    void this.run(() => configureSubject(this.api, this.dialog, subject));
  }

  /** «No es duplicado»: the accountant releases one expense from the duplicate-document check. */
  private releaseDuplicate(expenseId: string): void {
    void this.run(async () => {
      await this.api.post(
        `/reports/${encodeURIComponent(this.reportId)}/expenses/${encodeURIComponent(expenseId)}/not-duplicate`,
        {},
      );
      await this.load();
      return `Gasto ${expenseId}: marcado «no es duplicado». El informe se evaluó de nuevo.`;
    });
  }

  private mappingSaved(e: CustomEvent<MappingSaved>): void {
    void this.run(async () => {
      await this.load();
      return e.detail.message;
    });
  }

  protected override render() {
    const back = html`<p><a href=${this.route} @click=${this.back}>← Volver a Informes</a></p>`;
    const d = this.detail;
    if (!d)
      return html`${back}
        <h1>Informe</h1>
        ${this.messages()}
        <p class="muted" ?hidden=${Boolean(this.error)}>Cargando el informe…</p>`;
    const r = d.report;
    const canPost = this.can('rindegastos.post');
    return html`${back}
      <h1>Informe N° ${r.number}</h1>
      ${this.messages()}
      ${
        r.state === 'failed' && !this.error
          ? html`<div class="notice error">
              ${r.lastError ?? 'El ERP rechazó el comprobante.'} Corrija lo indicado y use «Centralizar» de
              nuevo.
            </div>`
          : nothing
      }
      <dl class="facts">
        <div>
          <dt>Título</dt>
          <dd>${r.title}</dd>
        </div>
        <div>
          <dt>Colaborador</dt>
          <dd>${r.employeeName}</dd>
        </div>
        <div>
          <dt>Fecha de cierre</dt>
          <dd>${day(r.closeDate)}</dd>
        </div>
        <div>
          <dt>Total aprobado</dt>
          <dd>${money(r.totalApproved)}</dd>
        </div>
        <div>
          <dt>Estado</dt>
          <dd>${REPORT_STATES[r.state] ?? r.state}</dd>
        </div>
        <div>
          <dt>Comprobante</dt>
          <dd>
            ${d.vouchers.length ? d.vouchers.map((v) => `${v.type} N° ${v.number}`).join(', ') : 'Sin comprobante'}
          </dd>
        </div>
        <div>
          <dt>Marca en Rindegastos</dt>
          <dd>${writeBackState(d)}</dd>
        </div>
      </dl>
      ${
        canPost
          ? html`<div class="toolbar">
              ${
                r.posted
                  ? html`<button type="button" @click=${() => this.actions.askEliminar(r)}>
                      Eliminar comprobante
                    </button>`
                  : html`<button type="button" class="primary" @click=${() => this.actions.centralizar(r)}>
                      Centralizar
                    </button>`
              }
            </div>`
          : nothing
      }
      ${this.problems(d)} ${this.vouchers(d)} ${this.expenses(d)} ${this.actions.confirmDialog()}
      <rg-mapping-dialog api-base=${this.apiBase} @mapping-saved=${this.mappingSaved}></rg-mapping-dialog>`;
  }

  private problems(d: ReportDetail) {
    if (d.issues.length === 0) return nothing;
    return html`<h2>Problemas abiertos</h2>
      <ul class="problem-list">
        ${d.issues.map((issue) => {
          const id = `${this.uid}-issue-${issue.id}`;
          const warning = issue.severity === 'advertencia';
          const duplicateOf =
            issue.code === 'duplicate_document' && issue.subject?.kind === 'expense'
              ? issue.subject.key
              : null;
          return html`<li class=${warning ? 'warning' : ''}>
            <p id=${id}>
              ${warning ? html`<strong>Advertencia (no bloquea):</strong> ` : nothing}${issue.message}
            </p>
            ${
              duplicateOf && this.can('rindegastos.post')
                ? html`<button
                    type="button"
                    aria-describedby=${id}
                    @click=${() => this.releaseDuplicate(duplicateOf)}
                  >
                    No es duplicado (gasto ${duplicateOf})
                  </button>`
                : nothing
            }
            ${
              this.can('rindegastos.configure')
                ? configureButton(
                    issue.subject,
                    id,
                    (s) => this.configure(s),
                    () => this.navigate(GENERAL_ROUTE),
                  )
                : nothing
            }
          </li>`;
        })}
      </ul>`;
  }

  private vouchers(d: ReportDetail) {
    if (d.vouchers.length) {
      return d.vouchers.map(
        (v) =>
          html`<h2>Comprobante ${v.type} N° ${v.number}</h2>
            <p class="muted">${day(v.date)} · ${v.glosa}</p>
            ${linesTable(v.lines)}`,
      );
    }
    const preview = d.preview;
    if (preview?.ok) {
      return preview.vouchers.map(
        (v) =>
          html`<h2>Vista previa del comprobante</h2>
            <p class="muted">
              Aún no centralizado. Así quedaría: ${v.draft.type}, ${day(v.draft.date)} · ${v.draft.glosa}
            </p>
            ${linesTable(v.draft.lines)}`,
      );
    }
    return html`<h2>Comprobante</h2>
      <p class="muted">No hay comprobante ni vista previa mientras el informe tenga problemas abiertos.</p>`;
  }

  private expenses(d: ReportDetail) {
    return html`<h2>Gastos</h2>
      <table class="grid">
        <thead>
          <tr>
            <th scope="col">Gasto</th>
            <th scope="col">Fecha</th>
            <th scope="col">Proveedor</th>
            <th scope="col">Categoría</th>
            <th scope="col">Documento</th>
            <th scope="col">Centro de costo</th>
            <th scope="col" class="num">Total</th>
            <th scope="col">Estado</th>
          </tr>
        </thead>
        <tbody>
          ${d.expenses.map(
            (e) =>
              html`<tr>
                <td>${e.id}</td>
                <td>${day(e.issueDate)}</td>
                <td>${e.supplier ?? ''}</td>
                <td>${e.category ?? ''}</td>
                <td>${e.documentTypeCode ?? ''}</td>
                <td>${e.costCenterCode ?? ''}</td>
                <td class="num">${money(e.total)}</td>
                <td>${EXPENSE_STATUS[e.status] ?? e.status}</td>
              </tr>`,
          )}
        </tbody>
      </table>`;
  }
}

const EXPENSE_STATUS: Record<number, string> = { 0: 'En revisión', 1: 'Aprobado', 2: 'Rechazado' };

function linesTable(lines: VoucherLine[]) {
  const sum = (k: 'debit' | 'credit') => lines.reduce((s, l) => s + l[k], 0);
  return html`<table class="grid voucher-lines">
    <thead>
      <tr>
        <th scope="col">Cuenta</th>
        <th scope="col">Glosa</th>
        <th scope="col" class="num">Debe</th>
        <th scope="col" class="num">Haber</th>
        <th scope="col">Centro de negocios</th>
        <th scope="col">Auxiliar</th>
        <th scope="col">Documento</th>
        <th scope="col">Origen</th>
      </tr>
    </thead>
    <tbody>
      ${lines.map(
        (l) =>
          html`<tr>
            <td>${l.accountCode}</td>
            <td>${l.glosa}</td>
            <td class="num">${l.debit ? money(l.debit) : ''}</td>
            <td class="num">${l.credit ? money(l.credit) : ''}</td>
            <td>${l.businessCenterCode ?? ''}</td>
            <td>${l.auxiliary ? `${l.auxiliary.rut} ${l.auxiliary.name}` : ''}</td>
            <td>${l.document ? `${l.document.type} N° ${l.document.number}` : ''}</td>
            <td>${describeOrigin(l.origin)}</td>
          </tr>`,
      )}
    </tbody>
    <tfoot>
      <tr>
        <td colspan="2">Totales</td>
        <td class="num">${money(sum('debit'))}</td>
        <td class="num">${money(sum('credit'))}</td>
        <td colspan="4"></td>
      </tr>
    </tfoot>
  </table>`;
}

const RULE_SOURCES: Record<string, string> = {
  account: 'Cuenta',
  category: 'Categoría',
  invoice_category: 'Categoría de factura',
};
const RULE_SETTINGS: Record<string, string> = {
  ivaCreditAccount: 'General › Cuenta IVA crédito fiscal',
  retentionAccount: 'General › Cuenta retención honorarios',
};

/** `account:4-1-02-01-02:debit` → `Cuenta «4-1-02-01-02» (Debe)`, with the expenses it came from. */
function describeOrigin(origin: LineOrigin | undefined): string {
  if (!origin) return '';
  const rules = origin.rule.split(', ').map((rule) => {
    const [source, ...rest] = rule.split(':');
    if (source === 'setting') return RULE_SETTINGS[rest[0]] ?? rule;
    const side = rest.at(-1);
    const key = rest.slice(0, -1).join(':');
    const label = RULE_SOURCES[source];
    if (!label) return rule;
    return `${label} «${key}» (${side === 'debit' ? 'Debe' : side === 'credit' ? 'Haber' : side})`;
  });
  const ids = origin.expenseIds;
  const expenses = ids.length === 1 ? `Gasto ${ids[0]}` : `Gastos ${ids.join(', ')}`;
  return `${expenses} · ${[...new Set(rules)].join('; ')}${origin.note ? ` · ${origin.note}` : ''}`;
}

function writeBackState(d: ReportDetail): string {
  const items: WriteBack[] = d.writeBacks;
  if (d.report.integrationMarkedAt && d.report.integrationMarkCode)
    return `Marcado como integrado (código ${d.report.integrationMarkCode}, ${day(d.report.integrationMarkedAt)})`;
  if (items.length === 0) return 'Sin marca (se marca al centralizar)';
  const open = items.filter((i) => !i.doneAt);
  if (open.length === 0) return 'Marca actualizada en Rindegastos';
  const failed = open.find((i) => i.lastError);
  return failed
    ? `Pendiente: el último intento falló (${failed.lastError}); se reintenta solo.`
    : `Pendiente (${open.length} por enviar a Rindegastos)`;
}

declare global {
  interface HTMLElementTagNameMap {
    'rg-report-detail': ReportDetailScreen;
  }
}
