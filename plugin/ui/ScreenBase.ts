import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ScreenContext, ScreenElement, ScreenNavigation } from '../host/Screen';
import { ApiClient, ApiError } from './api';

let nextId = 0;

/**
 * What every screen shares: the shell contract (api-base, route, subpath, context), the API
 * client, one error slot shown as role="alert", and navigation through the shell.
 *
 * NOTE: screens render into light DOM (no shadow root) so the shell's stylesheet (tables,
 * buttons, notices) styles them like the host's own pages, as an ERP's screens look alike.
 */
export abstract class ScreenBase extends LitElement implements ScreenElement {
  @property({ attribute: 'api-base' }) apiBase = '';
  @property() route = '';
  @property() subpath = '';
  @property({ attribute: false }) context: ScreenContext | undefined;

  /** The last failure, in Spanish, shown in role="alert". */
  @state() protected error = '';
  /** A confirmation of what just happened, shown in role="status". */
  @state() protected flash = '';

  /** Unique per element instance, for `id`/`for`/`list` pairs in light DOM. */
  readonly uid = `rg${++nextId}`;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  get api(): ApiClient {
    return new ApiClient(this.apiBase);
  }

  can(permission: string): boolean {
    return this.context?.permissions.includes(permission) ?? false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The shell keeps a screen while the user is elsewhere; coming back shows fresh data.
    void this.run(() => this.load());
  }

  /** Loads the screen's data (one round trip where possible). */
  protected abstract load(): Promise<void>;

  /** Runs an action; its failure goes to the alert, its success message to the status line. */
  async run(action: () => Promise<string | void>): Promise<boolean> {
    this.error = '';
    try {
      const message = await action();
      if (typeof message === 'string') this.flash = message;
      return true;
    } catch (err) {
      this.flash = '';
      this.error = err instanceof ApiError ? err.message : 'Ocurrió un error inesperado. Recargue la página.';
      if (!(err instanceof ApiError)) console.error(err);
      return false;
    }
  }

  protected navigate(path: string, replace = false): void {
    this.dispatchEvent(
      new CustomEvent<ScreenNavigation>('erp-navigate', {
        detail: { path, replace },
        bubbles: true,
        composed: true,
      }),
    );
  }

  /** The alert and status lines every screen shows under its heading. */
  protected messages(): TemplateResult {
    return html`${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : nothing}
      <p class="notice success" role="status" ?hidden=${!this.flash}>${this.flash}</p>`;
  }
}
