import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { assertDateRange, IsCalendarDate, IsCleanText } from '../../shared/validation/inputRules';
import { validateDto } from '../../shared/validation/validateDto';
import type { BuiltinLedger } from './BuiltinLedger';
import { LedgerError, PostingRejected } from './errors';

/** Who calls, as the host's session layer resolves it. */
export interface LedgerCaller {
  companyId: string;
  userId: string;
  isCompanyAdmin: boolean;
}

/** Resolves the caller; throws an error with `statusCode: 401` when there is no session. */
export type LedgerAuth = (request: FastifyRequest) => Promise<LedgerCaller>;

// Input DTOs ---------------------------------------------------------------------------------

const BOOL = { message: '$property debe ser verdadero o falso' };

export class AccountRequirementsDto {
  @IsOptional() @IsBoolean(BOOL) businessCenter?: boolean;
  @IsOptional() @IsBoolean(BOOL) auxiliary?: boolean;
  @IsOptional() @IsBoolean(BOOL) document?: boolean;
}

export class CreateAccountDto {
  @Matches(/^\d{1,20}$/, {
    message: 'el código de cuenta son solo dígitos (hasta 20), por ejemplo 4110201002',
  })
  code!: string;
  @IsString({ message: 'falta el nombre de la cuenta' })
  @Length(1, 200, { message: 'el nombre de la cuenta debe tener entre 1 y 200 caracteres' })
  @IsCleanText()
  name!: string;
  @IsBoolean(BOOL) postable!: boolean;
  @IsOptional() @IsBoolean(BOOL) active?: boolean;
  @IsOptional()
  @ValidateNested({ message: 'requires debe ser un objeto { businessCenter, auxiliary, document }' })
  @Type(() => AccountRequirementsDto)
  requires?: AccountRequirementsDto;
}

export class UpdateAccountDto {
  @IsOptional()
  @IsString({ message: 'el nombre de la cuenta debe ser texto' })
  @Length(1, 200, { message: 'el nombre de la cuenta debe tener entre 1 y 200 caracteres' })
  @IsCleanText()
  name?: string;
  @IsOptional() @IsBoolean(BOOL) postable?: boolean;
  @IsOptional() @IsBoolean(BOOL) active?: boolean;
  @IsOptional()
  @ValidateNested({ message: 'requires debe ser un objeto { businessCenter, auxiliary, document }' })
  @Type(() => AccountRequirementsDto)
  requires?: AccountRequirementsDto;
}

const CENTER_CODE = /^[A-Z0-9]{1,15}$/;
const CENTER_CODE_MSG =
  'el código de centro de negocios son hasta 15 letras mayúsculas o dígitos, p. ej. EMPNEGVTAVTA000';

export class CreateBusinessCenterDto {
  @Matches(CENTER_CODE, { message: CENTER_CODE_MSG }) code!: string;
  @IsString({ message: 'falta el nombre del centro de negocios' })
  @Length(1, 200, { message: 'el nombre del centro de negocios debe tener entre 1 y 200 caracteres' })
  @IsCleanText()
  name!: string;
  @IsOptional() @Matches(CENTER_CODE, { message: CENTER_CODE_MSG }) parentCode?: string | null;
  @IsBoolean(BOOL) postable!: boolean;
  @IsOptional() @IsBoolean(BOOL) active?: boolean;
}

export class VoucherQueryDto {
  @IsOptional()
  @IsString({ message: 'source debe ser texto' })
  @Length(1, 64, { message: 'source debe tener entre 1 y 64 caracteres' })
  source?: string;
  @IsOptional() @IsCalendarDate({ message: 'from debe ser una fecha real AAAA-MM-DD' }) from?: string;
  @IsOptional() @IsCalendarDate({ message: 'to debe ser una fecha real AAAA-MM-DD' }) to?: string;
  @IsOptional()
  @Matches(/^[1-9]\d{0,8}$/, { message: 'number debe ser un número de comprobante' })
  number?: string;
  @IsOptional()
  @IsString({ message: 'type debe ser texto' })
  @Length(1, 32, { message: 'type debe tener entre 1 y 32 caracteres' })
  type?: string;
  @IsOptional()
  @Matches(/^[1-9]\d{0,5}$/, { message: 'page debe ser un número de página (1 o más)' })
  page?: string;
  @IsOptional()
  @Matches(/^([1-9]\d?|1\d\d|200)$/, { message: 'pageSize debe ser un número entre 1 y 200' })
  pageSize?: string;
}

export class ReverseVoucherDto {
  @IsString({ message: 'indique el motivo de la reversa' })
  @Matches(/\S/, { message: 'indique el motivo de la reversa' })
  @Length(1, 200, { message: 'el motivo de la reversa admite hasta 200 caracteres' })
  @IsCleanText()
  reason!: string;
  @IsOptional()
  @IsString({ message: 'idempotencyKey debe ser texto' })
  @Length(1, 255, { message: 'idempotencyKey debe tener entre 1 y 255 caracteres' })
  @IsCleanText()
  idempotencyKey?: string;
}

// Errors -------------------------------------------------------------------------------------

const STATUS_BY_CODE: Record<string, number> = {
  VALIDATION: 400,
  NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  POSTING_REJECTED: 422,
  /** Connector mode: Defontana failed or refused; its message says why. */
  DEFONTANA_API: 502,
};

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

class HttpFailure extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The one place where an error of a ledger route becomes a status and `{ error: { code, message } }`. */
function toHttpError(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof PostingRejected) {
    return {
      status: 422,
      body: { error: { code: err.code, message: err.message, details: { rejections: err.rejections } } },
    };
  }
  if (err instanceof HttpFailure) {
    return { status: err.statusCode, body: { error: { code: err.code, message: err.message } } };
  }
  const e = err as { code?: unknown; statusCode?: unknown; message?: unknown; details?: unknown };
  // LedgerError, or the plugin's ValidationError from validateDto (same code vocabulary).
  if (err instanceof LedgerError || (typeof e?.code === 'string' && e.code in STATUS_BY_CODE)) {
    const code = e.code as string;
    const body: ErrorBody = { error: { code, message: String(e.message) } };
    if (e.details !== undefined) body.error.details = e.details;
    return { status: STATUS_BY_CODE[code] ?? 500, body };
  }
  if (typeof e?.statusCode === 'number' && e.statusCode === 401) {
    const message =
      typeof e.message === 'string' && e.message !== '' ? e.message : 'Inicie sesión para continuar.';
    const code = typeof e.code === 'string' && !e.code.startsWith('FST_') ? e.code : 'UNAUTHENTICATED';
    return { status: 401, body: { error: { code, message } } };
  }
  if (typeof e?.statusCode === 'number' && e.statusCode === 403) {
    return { status: 403, body: { error: { code: 'NOT_ALLOWED', message: String(e.message) } } };
  }
  return {
    status: 500,
    body: {
      error: { code: 'INTERNAL', message: 'Error interno de la contabilidad. El detalle quedó registrado.' },
    },
  };
}

/**
 * Fastify's own failures before the handler runs (unparsable JSON, too large). An empty body and
 * a body that is not JSON never get here: the host's request guards settle them first.
 */
function requestFailure(err: FastifyError): { status: number; body: ErrorBody } {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  return {
    status,
    body: {
      error: {
        code: 'VALIDATION',
        message:
          status === 413
            ? 'La solicitud es demasiado grande.'
            : 'El cuerpo de la solicitud no es JSON válido.',
      },
    },
  };
}

// Routes -------------------------------------------------------------------------------------

/**
 * The built-in ledger's HTTP API (DESIGN.md §10). Reads need a session; writes need a company
 * admin. Every query is scoped to the caller's company, so another company's voucher is a 404.
 */
export function registerLedgerRoutes(app: FastifyInstance, ledger: BuiltinLedger, auth: LedgerAuth): void {
  type Handler = (call: {
    caller: LedgerCaller;
    request: FastifyRequest;
    params: Record<string, string>;
  }) => Promise<{ status?: number; body: unknown }>;

  const add = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    access: 'read' | 'write',
    handler: Handler,
  ) => {
    app.route({
      method,
      url,
      async handler(request: FastifyRequest, reply: FastifyReply) {
        try {
          const caller = await auth(request);
          if (access === 'write' && !caller.isCompanyAdmin) {
            throw new HttpFailure(
              403,
              'NOT_ALLOWED',
              'Solo un administrador de la empresa puede modificar la contabilidad.',
            );
          }
          const result = await handler({
            caller,
            request,
            params: (request.params ?? {}) as Record<string, string>,
          });
          return reply.code(result.status ?? 200).send(result.body);
        } catch (err) {
          const { status, body } = toHttpError(err);
          if (status >= 500) request.log.error({ err, url }, 'ledger route failed');
          return reply.code(status).send(body);
        }
      },
      errorHandler(err: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
        const { status, body } = requestFailure(err);
        return reply.code(status).send(body);
      },
    });
  };

  add('GET', '/api/ledger/accounts', 'read', async ({ caller }) => ({
    body: { accounts: await ledger.listAccounts(caller.companyId) },
  }));

  add('POST', '/api/ledger/accounts', 'write', async ({ caller, request }) => {
    const input = validateDto(CreateAccountDto, request.body ?? {}, { path: 'body' });
    const account = await ledger.createAccount(caller.companyId, {
      code: input.code,
      name: input.name,
      postable: input.postable,
      active: input.active,
      requires: input.requires,
    });
    return { status: 201, body: { account } };
  });

  add('PATCH', '/api/ledger/accounts/:code', 'write', async ({ caller, request, params }) => {
    const patch = validateDto(UpdateAccountDto, request.body ?? {}, { path: 'body' });
    const account = await ledger.updateAccount(caller.companyId, params.code, {
      name: patch.name,
      postable: patch.postable,
      active: patch.active,
      requires: patch.requires,
    });
    return { body: { account } };
  });

  add('GET', '/api/ledger/business-centers', 'read', async ({ caller }) => ({
    body: { businessCenters: await ledger.listBusinessCenters(caller.companyId) },
  }));

  add('POST', '/api/ledger/business-centers', 'write', async ({ caller, request }) => {
    const input = validateDto(CreateBusinessCenterDto, request.body ?? {}, { path: 'body' });
    const businessCenter = await ledger.createBusinessCenter(caller.companyId, {
      code: input.code,
      name: input.name,
      parentCode: input.parentCode ?? null,
      postable: input.postable,
      active: input.active,
    });
    return { status: 201, body: { businessCenter } };
  });

  add('POST', '/api/ledger/business-centers/refresh', 'write', async ({ caller }) => ({
    body: { businessCenters: await ledger.refreshBusinessCenters(caller.companyId) },
  }));

  add('GET', '/api/ledger/vouchers', 'read', async ({ caller, request }) => {
    const q = validateDto(VoucherQueryDto, request.query ?? {}, { path: 'query' });
    assertDateRange(q.from, q.to);
    const filter = {
      source: q.source,
      from: q.from,
      to: q.to,
      number: q.number === undefined ? undefined : Number(q.number),
      type: q.type,
    };
    // Without page/pageSize the answer stays what it was: up to 1000 vouchers, newest first.
    const paged = q.page !== undefined || q.pageSize !== undefined;
    const page = Number(q.page ?? 1);
    const pageSize = paged ? Number(q.pageSize ?? 50) : 1000;
    const [vouchers, total] = await Promise.all([
      ledger.listVouchers(caller.companyId, { ...filter, limit: pageSize, offset: (page - 1) * pageSize }),
      ledger.countVouchers(caller.companyId, filter),
    ]);
    return { body: { vouchers, total, page, pageSize } };
  });

  add('GET', '/api/ledger/vouchers/:id', 'read', async ({ caller, params }) => {
    const voucher = await ledger.getVoucher(caller.companyId, params.id);
    if (!voucher)
      throw new HttpFailure(404, 'NOT_FOUND', `El comprobante ${params.id} no existe en esta empresa.`);
    return { body: { voucher } };
  });

  add('POST', '/api/ledger/vouchers/:id/reverse', 'write', async ({ caller, request, params }) => {
    const input = validateDto(ReverseVoucherDto, request.body ?? {}, { path: 'body' });
    const voucher = await ledger.reverse(caller.companyId, params.id, {
      reason: input.reason,
      idempotencyKey: input.idempotencyKey,
    });
    return { status: 201, body: { voucher } };
  });

  add('DELETE', '/api/ledger/vouchers/:id', 'write', async ({ caller, params }) => ({
    body: { voucher: await ledger.deleteVoucher(caller.companyId, params.id) },
  }));

  add('GET', '/api/ledger/periods', 'read', async ({ caller }) => ({
    body: { periods: await ledger.listPeriods(caller.companyId) },
  }));

  for (const action of ['close', 'open'] as const) {
    add('POST', `/api/ledger/periods/:period/${action}`, 'write', async ({ caller, params }) => {
      const period =
        action === 'close'
          ? await ledger.closePeriod(caller.companyId, params.period, caller.userId)
          : await ledger.openPeriod(caller.companyId, params.period, caller.userId);
      return { body: { period } };
    });
  }
}
