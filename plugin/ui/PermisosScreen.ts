import { html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { moment } from './format';
import { ScreenBase } from './ScreenBase';

interface PermissionUser {
  id: string;
  name: string;
  email: string;
  isCompanyAdmin: boolean;
  granted: string[];
  effective: string[];
  grantedAt: string | null;
}

/** The short names the Permisos dialog uses for each permission id. */
const PERMISSION_NAMES: Record<string, string> = {
  'rindegastos.view': 'Ver informes',
  'rindegastos.post': 'Centralizar',
  'rindegastos.configure': 'Configurar',
  'rindegastos.token': 'Token',
  'rindegastos.permissions': 'Permisos',
};

/** Permisos: who may do what in the module; company admins always hold everything. */
@customElement('rg-permisos')
export class PermisosScreen extends ScreenBase {
  @state() private users: PermissionUser[] = [];
  @state() private editing: PermissionUser | null = null;
  @query('dialog') private dialog!: HTMLDialogElement;

  protected override async load(): Promise<void> {
    this.users = (await this.api.get<{ users: PermissionUser[] }>('/permissions')).users;
  }

  private async edit(user: PermissionUser): Promise<void> {
    this.editing = user;
    await this.updateComplete;
    this.dialog.querySelector('form')?.reset();
    this.dialog.showModal();
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const user = this.editing!;
    const data = new FormData(e.target as HTMLFormElement);
    const permissions = Object.keys(PERMISSION_NAMES).filter((p) => data.get(p) === 'on');
    this.dialog.close();
    await this.run(async () => {
      await this.api.put(`/permissions/${encodeURIComponent(user.id)}`, { permissions });
      await this.load();
      const names = permissions.map((p) => PERMISSION_NAMES[p]);
      return names.length
        ? `${user.name} ahora tiene: ${names.join(', ')}.`
        : `${user.name} ya no tiene permisos en la Integración Rindegastos.`;
    });
  }

  protected override render() {
    const u = this.editing;
    return html`<h1>Permisos</h1>
      ${this.messages()}
      <table class="grid">
        <thead>
          <tr>
            <th scope="col">Usuario</th>
            <th scope="col">Correo</th>
            <th scope="col">Permisos</th>
            <th scope="col"><span class="visually-hidden">Acciones</span></th>
          </tr>
        </thead>
        <tbody>
          ${this.users.map(
            (user) =>
              html`<tr>
                <td>
                  ${user.name}${user.isCompanyAdmin ? html` <small class="muted">(administrador)</small>` : nothing}
                </td>
                <td>${user.email}</td>
                <td>
                  ${
                    user.effective.length
                      ? user.effective.map((p) => PERMISSION_NAMES[p] ?? p).join(', ')
                      : html`<span class="muted">Sin acceso</span>`
                  }
                  ${user.grantedAt ? html`<br /><small class="muted">desde ${moment(user.grantedAt)}</small>` : nothing}
                </td>
                <td>
                  <button type="button" @click=${() => this.edit(user)}>
                    Configurar permisos de ${user.name}
                  </button>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      <dialog class="modal" aria-labelledby=${`${this.uid}-title`}>
        <form @submit=${this.save}>
          <h2 id=${`${this.uid}-title`}>Permisos de ${u?.name ?? ''}</h2>
          ${
            u?.isCompanyAdmin
              ? html`<p class="muted">Es administrador de la empresa: siempre tiene todos los permisos.</p>`
              : nothing
          }
          <fieldset class="stack">
            <legend>Puede</legend>
            ${Object.entries(PERMISSION_NAMES).map(
              ([id, name]) =>
                html`<label class="checkbox-inline">
                  <input
                    type="checkbox"
                    name=${id}
                    ?checked=${u?.effective.includes(id) ?? false}
                    ?disabled=${u?.isCompanyAdmin ?? false}
                  />
                  ${name}
                </label>`,
            )}
          </fieldset>
          <div class="actions">
            <button type="submit" class="primary" ?disabled=${u?.isCompanyAdmin ?? false}>Guardar</button>
            <button type="button" @click=${() => this.dialog.close()}>Cancelar</button>
          </div>
        </form>
      </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rg-permisos': PermisosScreen;
  }
}
