import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { actorOf } from '../permissions/actor';
import { Permissions } from '../permissions/permissions';
import {
  assertDateRange,
  IsCalendarDate,
  IsCleanText,
  positiveIntegerParam,
} from '../../shared/validation/inputRules';
import { route, type RouteSpec } from './route';
import type { RouteServices } from './routeServices';

/** Beyond this page the list is empty anyway; it also keeps OFFSET an exact integer. */
const MAX_PAGE = 1_000_000;
const MAX_PAGE_SIZE = 200;

/** Informes filters, as the query string carries them (text); numbers are read by the route. */
export class ReportListQueryDto {
  @IsOptional() @IsCalendarDate({ message: 'debe ser una fecha real AAAA-MM-DD (desde)' }) from?: string;
  @IsOptional() @IsCalendarDate({ message: 'debe ser una fecha real AAAA-MM-DD (hasta)' }) to?: string;
  @IsOptional()
  @IsIn(['all', 'yes', 'no'], { message: 'debe ser "all" (todos), "yes" (centralizados) o "no"' })
  posted?: 'all' | 'yes' | 'no';
  @IsOptional()
  @IsString({ message: 'debe ser el texto a buscar' })
  @MaxLength(100, { message: 'no puede superar 100 caracteres' })
  @IsCleanText()
  q?: string;
  @IsOptional() @IsString({ message: 'debe ser un número de página' }) page?: string;
  @IsOptional() @IsString({ message: 'debe ser un número de filas por página' }) pageSize?: string;
}

export class ReverseBody {
  @IsOptional()
  @IsString({ message: 'debe ser el motivo de la eliminación, como texto' })
  @IsNotEmpty({ message: 'no puede estar vacío; omítalo para usar el motivo por defecto' })
  @MaxLength(200, { message: 'no puede superar 200 caracteres' })
  @IsCleanText()
  reason?: string;
}

function reportIdOf(params: Record<string, string>): number {
  return positiveIntegerParam(params.id, 'id');
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
        assertDateRange(query.from, query.to);
        const page = await informes.list(context.companyId, {
          ...query,
          page:
            query.page === undefined ? undefined : positiveIntegerParam(query.page, 'query.page', MAX_PAGE),
          pageSize:
            query.pageSize === undefined
              ? undefined
              : positiveIntegerParam(query.pageSize, 'query.pageSize', MAX_PAGE_SIZE),
        });
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
      id: 'reports.byVoucher',
      method: 'GET',
      path: '/vouchers/:voucherId/report',
      permission: Permissions.view,
      async handle({ context, params }) {
        const reportId = await reportDetails.reportOfVoucher(context.companyId, params.voucherId ?? '');
        return { body: { reportId } };
      },
    }),
    route({
      id: 'reports.releaseDuplicate',
      method: 'POST',
      path: '/reports/:id/expenses/:expenseId/not-duplicate',
      permission: Permissions.post,
      async handle({ context, params }) {
        const expenseId = positiveIntegerParam(params.expenseId, 'expenseId');
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
