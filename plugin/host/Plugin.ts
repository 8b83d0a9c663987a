/** What the plugin offers its host. Types only. */
import type { Host } from './Host';

export interface RequestUser {
  id: string;
  name: string;
  isCompanyAdmin: boolean;
}

/** Given by the host to every plugin route. Every plugin query is scoped by companyId. */
export interface RequestContext {
  companyId: string;
  user: RequestUser;
  requestId: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface PluginRequest {
  context: RequestContext;
  /** Path parameters, e.g. { id: "13421804" } for `/reports/:id`. */
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: unknown;
}

export interface PluginResponse {
  status: number;
  /** JSON, unless `contentType` says otherwise (then a string). */
  body: unknown;
  /** e.g. "text/csv; charset=utf-8"; absent for JSON. */
  contentType?: string;
  /** Offered as a download under this file name. */
  fileName?: string;
}

/**
 * A plugin API route. The host mounts it at `/api/plugins/{manifest.id}{path}` after
 * authenticating the user; the plugin itself enforces license, permission and company scope.
 */
export interface PluginRoute {
  /** Stable id, referenced by manifest.routes. */
  id: string;
  method: HttpMethod;
  /** Fastify-style path, e.g. `/reports/:id/post`. */
  path: string;
  handle(request: PluginRequest): Promise<PluginResponse>;
}

export type LicenseStatus = 'none' | 'pending_payment' | 'active' | 'suspended' | 'uninstalled';

export interface StoreOrder {
  id: string;
  sku: string;
  paidAt: string;
}

/** The plugin once started by the host. */
export interface RunningPlugin {
  routes: PluginRoute[];
  /** Permission ids the user holds in the company (company admins hold all). */
  permissionsOf(companyId: string, user: RequestUser): Promise<string[]>;
  licenseStatus(companyId: string): Promise<LicenseStatus>;
  stop(): Promise<void>;
}

/** The plugin's entry module (`manifest.main`). */
export interface PluginModule {
  install(host: Host): Promise<void>;
  activate(host: Host, companyId: string, order: StoreOrder): Promise<void>;
  deactivate(host: Host, companyId: string, reason: string): Promise<void>;
  uninstall(host: Host, opts: { purge: boolean }): Promise<void>;
  start(host: Host): Promise<RunningPlugin>;
}
