import { html, nothing } from 'lit';
import { ApiError } from './api';
import { money } from './format';
import type { ScreenBase } from './ScreenBase';
import type { PostOutcome, ReportSummary } from './types';

/** A screen that shows reports and reloads them after Centralizar or Eliminar comprobante. */
export interface ReportsHost extends ScreenBase {
  refresh(): Promise<void>;
}

/**
 * Centralizar and Eliminar comprobante (with its confirmation dialog), shared by the Informes
 * rows' action menus and the detail. The menu is a native popover: Escape and a click outside
 * close it; focus returns to its button.
 */
export class ReportActions {
  private pending: ReportSummary | null = null;

  constructor(private readonly host: ReportsHost) {}

  private get dialogId(): string {
    return `${this.host.uid}-confirm`;
  }

  /** The row's "Acciones del informe N°" button and its menu. */
  menu(report: ReportSummary, onDetail: () => void) {
    const id = `${this.host.uid}-menu-${report.id}`;
    const close = () => this.host.querySelector<HTMLElement>(`#${id}`)?.hidePopover();
    const canPost = this.host.can('rindegastos.post');
    return html`<button
        type="button"
        class="kebab"
        popovertarget=${id}
        aria-haspopup="true"
        aria-label=${`Acciones del informe ${report.number}`}
      >
        ⋮
      </button>
      <div popover id=${id} class="popover-menu">
        <button
          type="button"
          @click=${() => {
            close();
            onDetail();
          }}
        >
          Ver detalle
        </button>
        ${
          canPost && !report.posted
            ? html`<button
                type="button"
                @click=${() => {
                  close();
                  void this.centralizar(report);
                }}
              >
                Centralizar
              </button>`
            : nothing
        }
        ${
          canPost && report.posted
            ? html`<button
                type="button"
                @click=${() => {
                  close();
                  this.askEliminar(report);
                }}
              >
                Eliminar comprobante
              </button>`
            : nothing
        }
      </div>`;
  }

  async centralizar(report: ReportSummary): Promise<void> {
    await this.host.run(async () => {
      const outcome = await this.host.api.post<PostOutcome>(`/reports/${report.id}/post`);
      await this.host.refresh();
      return describeOutcome(report, outcome);
    });
  }

  askEliminar(report: ReportSummary): void {
    this.pending = report;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() =>
      this.host.querySelector<HTMLDialogElement>(`#${this.dialogId}`)?.showModal(),
    );
  }

  private async eliminar(e: Event): Promise<void> {
    e.preventDefault();
    const report = this.pending;
    this.host.querySelector<HTMLDialogElement>(`#${this.dialogId}`)?.close();
    if (!report) return;
    await this.host.run(async () => {
      await this.host.api.post(`/reports/${report.id}/reverse`);
      await this.host.refresh();
      return `Comprobante ${report.postedVoucherNumber ?? ''} del informe N° ${report.number} eliminado: se registró su reverso y el informe quedó pendiente. Puede centralizarlo de nuevo.`;
    });
  }

  /** The confirmation of Eliminar comprobante (render once per screen). */
  confirmDialog() {
    const r = this.pending;
    return html`<dialog id=${this.dialogId} class="modal" aria-labelledby=${`${this.dialogId}-title`}>
      <form @submit=${(e: Event) => this.eliminar(e)}>
        <h2 id=${`${this.dialogId}-title`}>Eliminar comprobante</h2>
        <p>
          ${
            r
              ? `Se registrará el reverso del comprobante ${r.postedVoucherNumber ?? ''} del informe N° ${r.number} (${money(r.totalApproved)}) y el informe volverá a quedar pendiente.`
              : ''
          }
        </p>
        <div class="actions">
          <button type="submit" class="primary danger">Confirmar</button>
          <button
            type="button"
            @click=${() => this.host.querySelector<HTMLDialogElement>(`#${this.dialogId}`)?.close()}
          >
            Cancelar
          </button>
        </div>
      </form>
    </dialog>`;
  }
}

/** What Centralizar did, in Spanish; a refusal is thrown so it shows as an alert. */
function describeOutcome(report: ReportSummary, outcome: PostOutcome): string {
  switch (outcome.status) {
    case 'posted': {
      const numbers = outcome.vouchers.map((v) => `${v.type} N° ${v.number}`).join(', ');
      return `Informe N° ${report.number} centralizado: comprobante ${numbers}.`;
    }
    case 'already_posted':
      return `El informe N° ${report.number} ya estaba centralizado.`;
    case 'blocked':
      throw new ApiError(
        `El informe N° ${report.number} no se centralizó: ${outcome.problems.map((p) => p.message).join(' ')}`,
        422,
        'BLOCKED',
      );
    default:
      throw new ApiError(
        `Informe N° ${report.number}: ${outcome.error} Corrija lo indicado y use Centralizar de nuevo.`,
        422,
        'POSTING_REJECTED',
      );
  }
}
