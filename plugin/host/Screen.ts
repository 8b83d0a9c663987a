/**
 * The contract between the host's web shell and a plugin screen (a custom element named by a
 * manifest menu entry). Types only: the shell implements it, the plugin's elements consume it.
 */

/** The company the signed-in user works in. */
export interface ScreenCompany {
  id: string;
  name: string;
  rut: string;
}

/** The signed-in user. */
export interface ScreenUser {
  id: string;
  name: string;
  email: string;
  isCompanyAdmin: boolean;
}

/** What the shell hands every mounted screen (the `context` property). */
export interface ScreenContext {
  company: ScreenCompany;
  user: ScreenUser;
  /** Permission ids the user holds in this plugin (company admins hold all). */
  permissions: string[];
}

/**
 * A mounted screen. The shell creates it once per menu entry and keeps it (with its state) while
 * the user moves between screens; it sets:
 * - attribute `api-base`: the plugin's HTTP API, e.g. `/api/plugins/rindegastos`;
 * - attribute `route`: the menu entry's shell route, e.g. `/rindegastos/informes`;
 * - attribute `subpath`: what follows the route in the address, e.g. `13421804` for
 *   `/rindegastos/informes/13421804` (`''` on the route itself) — deep links and reloads land here;
 * - property `context`.
 */
export interface ScreenElement extends HTMLElement {
  context: ScreenContext | undefined;
}

/**
 * A screen asks the shell to go to another address of the ERP (pushing history) by dispatching a
 * bubbling, composed `CustomEvent<ScreenNavigation>` named `ScreenNavigationEvent`.
 */
export interface ScreenNavigation {
  /** An absolute shell path, e.g. `/rindegastos/informes/13421804`. */
  path: string;
  /** Replace the current history entry instead of adding one (e.g. after resolving a link). */
  replace?: boolean;
}

export type ScreenNavigationEvent = 'erp-navigate';
