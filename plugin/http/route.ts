import type { ClassConstructor } from 'class-transformer';
import type { Logger } from '../host/Host';
import type { HttpMethod, PluginRequest, PluginResponse, PluginRoute, RequestContext } from '../host/Plugin';
import type { LicenseService } from '../installations/LicenseService';
import type { PermissionGuard } from '../permissions/PermissionGuard';
import type { PermissionId } from '../permissions/permissions';
import { validateDto } from '../../shared/validation/validateDto';
import { errorResponse } from './errorStatus';

export interface RouteCall<Q, B> {
  context: RequestContext;
  params: Record<string, string>;
  query: Q;
  body: B;
}

/** A route as features declare it: id, method, path, permission, input DTOs and the handler. */
export interface RouteSpec<Q = unknown, B = unknown> {
  id: string;
  method: HttpMethod;
  path: string;
  permission: PermissionId;
  /** DTO for the query string (unknown keys rejected). */
  query?: ClassConstructor<Q & object>;
  /** DTO for the JSON body (unknown keys rejected). */
  body?: ClassConstructor<B & object>;
  handle(
    call: RouteCall<Q, B>,
  ): Promise<{ status?: number; body: unknown; contentType?: string; fileName?: string }>;
}

/** Declares a route with its DTO types inferred. */
export function route<Q = Record<string, never>, B = undefined>(spec: RouteSpec<Q, B>): RouteSpec {
  return spec as unknown as RouteSpec;
}

export interface RouteGuards {
  license: LicenseService;
  permissions: PermissionGuard;
  logger: Logger;
}

/**
 * Wraps a route spec into the host-facing route: license guard (402), permission guard (403),
 * input validation (400), then the handler; any error becomes `{ error: { code, message } }`.
 */
export function toPluginRoute(spec: RouteSpec, guards: RouteGuards): PluginRoute {
  return {
    id: spec.id,
    method: spec.method,
    path: spec.path,
    async handle(request: PluginRequest): Promise<PluginResponse> {
      const { context } = request;
      try {
        await guards.license.assertActive(context.companyId);
        await guards.permissions.assert(context.companyId, context.user, spec.permission);
        const query = spec.query ? validateDto(spec.query, request.query, { path: 'query' }) : request.query;
        const body = spec.body ? validateDto(spec.body, request.body ?? {}, { path: 'body' }) : undefined;
        const result = await spec.handle({ context, params: request.params, query, body });
        return {
          status: result.status ?? 200,
          body: result.body,
          ...(result.contentType ? { contentType: result.contentType } : {}),
          ...(result.fileName ? { fileName: result.fileName } : {}),
        };
      } catch (err) {
        const response = errorResponse(err);
        if (response.status >= 500) {
          guards.logger.error({ err, routeId: spec.id, requestId: context.requestId }, 'plugin route failed');
        }
        return response;
      }
    },
  };
}
