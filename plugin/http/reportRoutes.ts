import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { DependencyContainer } from 'tsyringe';
import { PostingService } from '../accounting/PostingService';
import { Tokens } from '../di/tokens';
import { NotFoundError } from '../errors/errors';
import type { Ledger, PostedVoucher } from '../host/Ledger';
import { PostingRepository } from '../reports/PostingRepository';
import { ReportIssueRepository } from '../reports/ReportIssueRepository';
import { ReportRepository } from '../reports/ReportRepository';
import { Permissions } from '../permissions/permissions';
import { OutboxRepository } from '../sync/OutboxRepository';
import { WriteBackService } from '../sync/WriteBackService';
import { assertDateRange, IsCalendarDate, IsCleanText, positiveIntegerParam } from '../validation/inputRules';
import { route, type RouteSpec } from './route';

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
export function reportRoutes(c: DependencyContainer): RouteSpec[] {
  const reports = () => c.resolve(ReportRepository);
  const posting = () => c.resolve(PostingService);
  return [
    route<ReportListQueryDto>({
      id: 'reports.list',
      method: 'GET',
      path: '/reports',
      permission: Permissions.view,
      query: ReportListQueryDto,
      async handle({ context, query }) {
        assertDateRange(query.from, query.to);
        const page = await reports().list(context.companyId, {
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
        const id = reportIdOf(params);
        const report = await reports().get(context.companyId, id);
        if (!report) throw new NotFoundError(`No existe la rendición ${id} en esta empresa.`);
        const postings = await c.resolve(PostingRepository).historyOf(context.companyId, id);
        const ledger = c.resolve<Ledger>(Tokens.Ledger);
        const vouchers: PostedVoucher[] = [];
        for (const p of postings.filter((p) => p.status === 'posted')) {
          const voucher = await ledger.posting.getVoucher(context.companyId, p.voucherId);
          if (voucher) vouchers.push(voucher);
        }
        const preview =
          vouchers.length === 0
            ? posting().preview(await posting().loadContext(context.companyId), report)
            : null;
        const { raw: _raw, input: _input, expenses, ...summary } = report;
        return {
          body: {
            report: { ...summary, posted: report.state === 'posted' },
            expenses: expenses.map(({ raw: _r, input: _i, ...e }) => e),
            issues: await c.resolve(ReportIssueRepository).openIssuesOf(context.companyId, id),
            vouchers,
            preview,
            postings,
            writeBacks: await c.resolve(OutboxRepository).historyOf(context.companyId, id),
          },
        };
      },
    }),
    route({
      id: 'reports.post',
      method: 'POST',
      path: '/reports/:id/post',
      permission: Permissions.post,
      async handle({ context, params }) {
        const id = reportIdOf(params);
        const outcome = await posting().post(await posting().loadContext(context.companyId), id);
        if (outcome.status === 'posted') await c.resolve(WriteBackService).drain(context.companyId);
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
        const id = reportIdOf(params);
        const reason = body.reason ?? `Eliminado desde Informes por ${context.user.name}`;
        const reversals = await posting().reverse(await posting().loadContext(context.companyId), id, reason);
        await c.resolve(WriteBackService).drain(context.companyId);
        return { status: 201, body: { reversals } };
      },
    }),
    route({
      id: 'issues.list',
      method: 'GET',
      path: '/issues',
      permission: Permissions.view,
      async handle({ context }) {
        const issues = c.resolve(ReportIssueRepository);
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
