import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
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
import { route, type RouteSpec } from './route';

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
        const page = await reports().list(context.companyId, query);
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
      id: 'reports.byVoucher',
      method: 'GET',
      path: '/vouchers/:voucherId/report',
      permission: Permissions.view,
      async handle({ context, params }) {
        const voucherId = params.voucherId ?? '';
        const reportId = await c.resolve(PostingRepository).reportOfVoucher(context.companyId, voucherId);
        if (reportId === null)
          throw new NotFoundError(
            `El comprobante ${voucherId} no viene de un informe de Rindegastos de esta empresa.`,
          );
        return { body: { reportId } };
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
