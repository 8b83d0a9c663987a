import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { NotFoundError } from '../errors/errors';
import { actorOf } from '../permissions/actor';
import { Permissions } from '../permissions/permissions';
import { route, type RouteSpec } from './route';
import type { RouteServices } from './routeServices';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ReportListQueryDto {
  @IsOptional() @Matches(DATE, { message: 'from debe ser una fecha AAAA-MM-DD' }) from?: string;
  @IsOptional() @Matches(DATE, { message: 'to debe ser una fecha AAAA-MM-DD' }) to?: string;
  @IsOptional() @IsIn(['all', 'yes', 'no']) posted?: 'all' | 'yes' | 'no';
  @IsOptional() @IsString() @MaxLength(100) q?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

export class ReverseBody {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) reason?: string;
}

function reportIdOf(params: Record<string, string>): number {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new NotFoundError(`No existe la rendición ${params.id ?? ''}.`);
  return id;
}

/**
 * Informes: the list, the detail with its voucher (or a preview), centralizar, eliminar
 * comprobante, and the open problems grouped by cause.
 */
export function reportRoutes({
  informes,
  reportDetails,
  posting,
  issues,
  duplicateReleases,
}: RouteServices): RouteSpec[] {
  return [
    route<ReportListQueryDto>({
      id: 'reports.list',
      method: 'GET',
      path: '/reports',
      permission: Permissions.view,
      query: ReportListQueryDto,
      async handle({ context, query }) {
        const page = await informes.list(context.companyId, query);
        return { body: { ...page, items: page.items.map((r) => ({ ...r, posted: r.state === 'posted' })) } };
      },
    }),
    route({
      id: 'reports.get',
      method: 'GET',
      path: '/reports/:id',
      permission: Permissions.view,
      async handle({ context, params }) {
        return { body: await reportDetails.detail(context.companyId, reportIdOf(params)) };
      },
    }),
    route({
      id: 'reports.post',
      method: 'POST',
      path: '/reports/:id/post',
      permission: Permissions.post,
      async handle({ context, params }) {
        const outcome = await posting.centralizar(context.companyId, reportIdOf(params));
        const status = outcome.status === 'posted' ? 201 : outcome.status === 'already_posted' ? 200 : 422;
        return { status, body: outcome };
      },
    }),
    route<Record<string, never>, ReverseBody>({
      id: 'reports.reverse',
      method: 'POST',
      path: '/reports/:id/reverse',
      permission: Permissions.post,
      body: ReverseBody,
      async handle({ context, params, body }) {
        const reason = body.reason ?? `Eliminado desde Informes por ${context.user.name}`;
        const reversals = await posting.eliminar(context.companyId, reportIdOf(params), reason);
        return { status: 201, body: { reversals } };
      },
    }),
    route({
      id: 'reports.releaseDuplicate',
      method: 'POST',
      path: '/reports/:id/expenses/:expenseId/not-duplicate',
      permission: Permissions.post,
      async handle({ context, params }) {
        const expenseId = Number(params.expenseId);
        if (!Number.isSafeInteger(expenseId) || expenseId <= 0)
          throw new NotFoundError(`No existe el gasto ${params.expenseId ?? ''}.`);
        const outcome = await duplicateReleases.release(actorOf(context), reportIdOf(params), expenseId);
        return { status: outcome.released ? 201 : 200, body: outcome };
      },
    }),
    route({
      id: 'issues.list',
      method: 'GET',
      path: '/issues',
      permission: Permissions.view,
      async handle({ context }) {
        return {
          body: {
            counts: await issues.countOpen(context.companyId),
            groups: await issues.groupedOpenIssues(context.companyId),
          },
        };
      },
    }),
  ];
}
