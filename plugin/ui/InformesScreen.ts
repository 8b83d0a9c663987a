import { html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { ApiError } from './api';
import { day, MENU, money, plural, REPORT_STATES } from './format';
import type { MappingDialog, MappingSaved } from './MappingDialog';
import { configureButton, configureSubject, GENERAL_ROUTE } from './problems';
import { ReportActions } from './reportActions';
import { ScreenBase } from './ScreenBase';
import type {
  IssueGroup,
  IssuesAnswer,
  ProblemSubject,
  ReportPage,
  ReportSummary,
  StatusAnswer,
  SyncRun,
} from './types';
import './ReportDetail';
import './MappingDialog';

const PAGE_SIZE = 20;
const POLL_MS = 700;
/** Problemas shows this many causes; the rest open with «Ver N problemas más». */
const PROBLEMS_SHOWN = 5;
const REPORTS_PER_PROBLEM = 8;

interface Filters {
  from: string;
  to: string;
  posted: 'all' | 'yes' | 'no';
  q: string;
}

/**
 * Informes: the imported reports (filters, pages, per-row actions), Problemas grouped by cause
 * with "Configurar" in place, and Sincronizar ahora with its progress. A subpath (a report id)
 * shows that report's detail (`rg-report-detail`), so deep links and reloads work.
 */
@customElement('rg-informes')
export class InformesScreen extends ScreenBase {
  @state() private filters: Filters = { from: '', to: '', posted: 'all', q: '' };
  @state() private page = 1;
  @state() private list: ReportPage | null = null;
  @state() private issues: IssuesAnswer | null = null;
  @state() private status: StatusAnswer | null = null;
  @state() private syncRun: SyncRun | null = null;
  /** Causes open when the user first saw Problemas in this visit: "x de y resueltos". */
  @state() private causesSeen = 0;
  @query('rg-mapping-dialog') private dialog!: MappingDialog;
  private readonly actions = new ReportActions(this);

  protected override async load(): Promise<void> {
    const voucher = /^comprobante\/(.+)$/.exec(this.subpath)?.[1];
    if (voucher) {
      // The ERP's voucher list links here (manifest voucherOrigin): show the report it came from.
      const { reportId } = await this.api.get<{ reportId: number }>(
        `/vouchers/${encodeURIComponent(voucher)}/report`,
      );
      this.navigate(`${this.route}/${reportId}`, true);
      return;
    }
    if (this.subpath) return; // the detail element loads itself
    const [list, issues, status] = await Promise.all([
      this.api.get<ReportPage>('/reports', { ...this.filters, page: this.page, pageSize: PAGE_SIZE }),
      this.api.get<IssuesAnswer>('/issues'),
      this.api.get<StatusAnswer>('/status'),
    ]);
    this.list = list;
    this.issues = issues;
    this.status = status;
    this.causesSeen = Math.max(this.causesSeen, issues.counts.causes);
  }

  protected override updated(changed: Map<string, unknown>): void {
    // Back from a detail to the list (show it fresh), or a voucher's origin link to resolve.
    if (
      changed.has('subpath') &&
      changed.get('subpath') !== undefined &&
      (!this.subpath || this.subpath.startsWith('comprobante/'))
    )
      void this.run(() => this.load());
  }

  /** Reloads the list and the problems after an action. */
  async refresh(): Promise<void> {
    await this.load();
  }

  private filter(e: Event): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    this.filters = {
      from: String(data.get('from') ?? ''),
      to: String(data.get('to') ?? ''),
      posted: String(data.get('posted') ?? 'all') as Filters['posted'],
      q: String(data.get('q') ?? '').trim(),
    };
    this.page = 1;
    void this.run(() => this.load());
  }

  private goTo(page: number): void {
    this.page = page;
    void this.run(() => this.load());
  }

  private async sync(): Promise<void> {
    await this.run(async () => {
      const { run } = await this.api.post<{ run: SyncRun }>('/sync');
      this.syncRun = run;
      while (this.syncRun.status === 'running') {
        await new Promise((r) => setTimeout(r, POLL_MS));
        this.syncRun = (await this.api.get<{ run: SyncRun }>(`/sync/runs/${run.id}`)).run;
      }
      await this.load();
      if (this.syncRun.status !== 'succeeded')
        throw new ApiError(
          this.syncRun.error ?? 'La sincronización no terminó. Intente de nuevo en unos minutos.',
          0,
          'SYNC_FAILED',
        );
      return syncSummary(this.syncRun);
    });
  }

  private configure(subject: ProblemSubject): void {
    void this.run(() => configureSubject(this.api, this.dialog, subject));
  }

  private mappingSaved(e: CustomEvent<MappingSaved>): void {
    void this.run(async () => {
      await this.load();
      return e.detail.message;
    });
  }

  protected override render() {
    if (this.subpath.startsWith('comprobante/'))
      return html`<h1>Informe de origen</h1>
        ${this.messages()}
        <p class="muted" ?hidden=${Boolean(this.error)}>Buscando el informe del comprobante…</p>`;
    if (this.subpath) {
      return html`<rg-report-detail
        api-base=${this.apiBase}
        route=${this.route}
        report-id=${this.subpath}
        .context=${this.context}
      ></rg-report-detail>`;
    }
    return html`<h1>Informes</h1>
      ${this.messages()} ${this.connectionCard()} ${this.syncBar()} ${this.problems()}
      <h2>Informes importados</h2>
      ${this.filterForm()} ${this.table()} ${this.actions.confirmDialog()}
      <rg-mapping-dialog api-base=${this.apiBase} @mapping-saved=${this.mappingSaved}></rg-mapping-dialog>`;
  }

  private connectionCard() {
    const connection = this.status?.connection;
    if (!connection || connection.status === 'valid') return nothing;
    const refused = connection.status === 'invalid';
    return html`<article class="card attention">
      <h2>${refused ? 'Rindegastos rechazó el token' : 'Falta conectar Rindegastos'}</h2>
      <p>${connection.action ?? connection.lastError ?? ''}</p>
      ${
        this.can('rindegastos.token')
          ? html`<button type="button" @click=${() => this.navigate('/rindegastos/configuracion/token')}>
              Pegar un token nuevo
            </button>`
          : html`<p class="muted">
              Pida a quien administra el token que lo pegue en ${MENU} › Configuración › Token.
            </p>`
      }
    </article>`;
  }

  private syncBar() {
    if (!this.can('rindegastos.post')) return nothing;
    const running = this.syncRun?.status === 'running';
    const progress = this.syncRun?.progress;
    const last = this.status?.lastSync;
    return html`<div class="toolbar">
      <button type="button" class="primary" ?disabled=${running} @click=${this.sync}>
        Sincronizar ahora
      </button>
      ${
        running
          ? html`<label class="progress"
              >Sincronizando${progress ? ` (${phaseLabel(progress.phase)}: ${progress.done})` : ''}…
              <progress
                aria-label="Progreso de la sincronización"
                max=${progress?.total ?? 100}
                .value=${progress?.total ? progress.done : null}
              ></progress
            ></label>`
          : last?.finishedAt
            ? html`<span class="muted"
                >Última sincronización: ${day(last.finishedAt)} ${last.finishedAt.slice(11, 16)} UTC</span
              >`
            : nothing
      }
    </div>`;
  }

  private problems() {
    const issues = this.issues;
    if (!issues || (issues.groups.length === 0 && this.causesSeen === 0)) return nothing;
    const total = this.causesSeen;
    const solved = total - issues.counts.causes;
    return html`<section class="problems" aria-labelledby=${`${this.uid}-problems`}>
      <h2 id=${`${this.uid}-problems`}>Problemas</h2>
      <p>
        <strong>${solved} de ${total} resueltos</strong>
        ${
          issues.counts.causes
            ? html` · ${plural(issues.counts.reports, 'informe bloqueado', 'informes bloqueados')} por
              ${plural(issues.counts.causes, 'causa', 'causas')}.`
            : html` · No quedan problemas abiertos.`
        }
      </p>
      <ul class="problem-list">
        ${issues.groups.slice(0, PROBLEMS_SHOWN).map((group, i) => this.problem(group, i))}
      </ul>
      ${
        issues.groups.length > PROBLEMS_SHOWN
          ? html`<details>
              <summary>
                Ver ${plural(issues.groups.length - PROBLEMS_SHOWN, 'problema más', 'problemas más')}
              </summary>
              <ul class="problem-list">
                ${issues.groups.slice(PROBLEMS_SHOWN).map((group, i) => this.problem(group, i + PROBLEMS_SHOWN))}
              </ul>
            </details>`
          : nothing
      }
    </section>`;
  }

  /** One cause: its message, the reports it blocks (the first few) and "Configurar" when a mapping fixes it. */
  private problem(group: IssueGroup, i: number) {
    const id = `${this.uid}-problem-${i}`;
    const shown = group.reports.slice(0, REPORTS_PER_PROBLEM);
    const more = group.reportCount - shown.length;
    const warning = group.severity === 'advertencia';
    return html`<li class=${warning ? 'warning' : ''}>
      <p id=${id}>${warning ? html`<strong>Advertencia (no bloquea):</strong> ` : nothing}${group.message}</p>
      <p class="muted">
        ${warning ? 'Aparece en' : 'Bloquea'} ${plural(group.reportCount, 'informe', 'informes')}:
        ${shown.map(
          (r, j) =>
            html`${j ? ', ' : ''}<a href=${`${this.route}/${r.id}`} @click=${(e: Event) => this.open(e, r.id)}
                >N° ${r.number}</a
              >`,
        )}${more > 0 ? ` y ${more} más` : ''}
      </p>
      ${
        this.can('rindegastos.configure')
          ? configureButton(
              group.subject,
              id,
              (s) => this.configure(s),
              () => this.navigate(GENERAL_ROUTE),
            )
          : nothing
      }
    </li>`;
  }

  private open(e: Event, id: number): void {
    e.preventDefault();
    this.navigate(`${this.route}/${id}`);
  }

  private filterForm() {
    const f = this.filters;
    const id = (name: string) => `${this.uid}-${name}`;
    return html`<form class="filters" @submit=${this.filter}>
      <div class="field">
        <label for=${id('from')}>Fecha de inicio</label>
        <input id=${id('from')} name="from" type="date" .value=${f.from} />
      </div>
      <div class="field">
        <label for=${id('to')}>Fecha de término</label>
        <input id=${id('to')} name="to" type="date" .value=${f.to} />
      </div>
      <div class="field">
        <label for=${id('posted')}>Centralizado</label>
        <select id=${id('posted')} name="posted">
          <option value="all" ?selected=${f.posted === 'all'}>Todos</option>
          <option value="yes" ?selected=${f.posted === 'yes'}>Sí</option>
          <option value="no" ?selected=${f.posted === 'no'}>No</option>
        </select>
      </div>
      <div class="field grow">
        <label for=${id('q')}>Filtro</label>
        <input
          id=${id('q')}
          name="q"
          type="search"
          .value=${f.q}
          placeholder="Título, N°, id o colaborador"
        />
      </div>
      <button type="submit" class="primary">Filtrar</button>
    </form>`;
  }

  private table() {
    const list = this.list;
    if (!list) return html`<p class="muted">Cargando informes…</p>`;
    if (list.items.length === 0)
      return html`<p class="muted">
        No hay informes con estos
        filtros.${
          this.status?.lastSync ? '' : ' Sincronice para importar los informes cerrados de Rindegastos.'
        }
      </p>`;
    const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
    return html`<table class="grid">
        <caption class="muted">
          ${plural(list.total, 'informe', 'informes')} · página ${list.page} de ${pages}
        </caption>
        <thead>
          <tr>
            <th scope="col">N°</th>
            <th scope="col">Título</th>
            <th scope="col">Colaborador</th>
            <th scope="col">Fecha de cierre</th>
            <th scope="col" class="num">Total</th>
            <th scope="col">Estado</th>
            <th scope="col">Comprobante</th>
            <th scope="col"><span class="visually-hidden">Acciones</span></th>
          </tr>
        </thead>
        <tbody>
          ${list.items.map((r) => this.row(r))}
        </tbody>
      </table>
      <nav class="pager" aria-label="Páginas de informes">
        <button type="button" ?disabled=${list.page <= 1} @click=${() => this.goTo(list.page - 1)}>
          Anterior
        </button>
        <button type="button" ?disabled=${list.page >= pages} @click=${() => this.goTo(list.page + 1)}>
          Siguiente
        </button>
      </nav>`;
  }

  private row(r: ReportSummary) {
    return html`<tr>
      <td>
        <a href=${`${this.route}/${r.id}`} @click=${(e: Event) => this.open(e, r.id)}>${r.number}</a>
      </td>
      <td>${r.title}</td>
      <td>${r.employeeName}</td>
      <td class="nowrap">${day(r.closeDate)}</td>
      <td class="num">${money(r.totalApproved)}</td>
      <td><span class=${`state state-${r.state}`}>${REPORT_STATES[r.state] ?? r.state}</span></td>
      <td>${r.postedVoucherNumber ?? ''}</td>
      <td>${this.actions.menu(r, () => this.navigate(`${this.route}/${r.id}`))}</td>
    </tr>`;
  }
}

function phaseLabel(phase: string): string {
  return (
    (
      { import: 'importando', post: 'centralizando', writeback: 'marcando en Rindegastos' } as Record<
        string,
        string
      >
    )[phase] ?? phase
  );
}

function syncSummary(run: SyncRun): string {
  const c = run.counts;
  const parts = [
    `${c.fetched ?? 0} informes leídos de Rindegastos`,
    `${c.new ?? 0} nuevos`,
    `${c.changed ?? 0} cambiados`,
    `${c.posted ?? 0} centralizados`,
    `${c.blocked ?? 0} con problemas`,
  ];
  if (c.failed) parts.push(`${c.failed} rechazados por el ERP`);
  if (c.writeBacksFailed)
    parts.push(`${c.writeBacksFailed} marcas en Rindegastos pendientes (se reintentan)`);
  return `Sincronización terminada: ${parts.join(', ')}.`;
}

declare global {
  interface HTMLElementTagNameMap {
    'rg-informes': InformesScreen;
  }
}
