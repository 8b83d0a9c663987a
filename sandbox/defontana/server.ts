/**
 * A Defontana REST API simulator (chile-accounting.md §5), a real HTTP server: the envelope
 * (`success`, `message`, `exceptionMessage`), bearer tokens that expire, InsertVoucher numbering
 * per voucher type and fiscal year, analysis flags per account, the business-center tree, 0-based
 * voucher paging, and injectable faults — including a timeout or a connection reset *after* the
 * voucher was stored, the case that makes a client post twice.
 */
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

export interface SimAccount {
  code: string;
  usesFileAnalysis: boolean;
  usesDocumentAnalysis: boolean;
  usesBussinessCenterAnalysis: boolean;
}

export interface SimBusinessCenter {
  code: string;
  description: string;
  imputable: 'S' | 'N';
  activo: 'S' | 'N';
  descendientes: SimBusinessCenter[];
}

export interface SimVoucher {
  header: { voucherType: string; number: number; fiscalYear: number; date: string; comment: string };
  detail: Record<string, unknown>[];
  pendingApproval: boolean;
}

/** One fault, consumed by the next request to `op` ('*' = any path except Auth). */
export type SimFault =
  | { op: string; kind: 'refuse'; message: string }
  | { op: string; kind: 'http'; status: number }
  | { op: string; kind: 'reset-after-store' }
  | { op: string; kind: 'timeout-after-store'; holdMs: number };

export interface DefontanaSimOptions {
  credentials: { client: string; company: string; user: string; password: string };
  accounts: SimAccount[];
  businessCenters: SimBusinessCenter[];
  /** Token lifetime; default one hour. */
  tokenTtlMs?: number;
  /** "Con aprobación previa": vouchers land pending approval. */
  approvalRequired?: boolean;
}

export interface DefontanaSim {
  url: string;
  vouchers: SimVoucher[];
  faults: SimFault[];
  /** How many successful Auth calls were made. */
  authCount: () => number;
  /** Makes every token issued so far expired. */
  expireTokens: () => void;
  close: () => Promise<void>;
}

const ok = (body: Record<string, unknown>) => ({
  success: true,
  message: null,
  exceptionMessage: null,
  ...body,
});
const fail = (message: string) => ({ success: false, message, exceptionMessage: null });

/** Starts the simulator on `port` (0 = random) of 127.0.0.1. Its base URL ends in `/api/`. */
export async function startDefontanaSim(opts: DefontanaSimOptions, port = 0): Promise<DefontanaSim> {
  const app: FastifyInstance = Fastify({ logger: false });
  const tokens = new Map<string, number>();
  const numbering = new Map<string, number>();
  const vouchers: SimVoucher[] = [];
  const faults: SimFault[] = [];
  const ttl = opts.tokenTtlMs ?? 3_600_000;
  let auths = 0;

  const takeFault = (op: string): SimFault | undefined => {
    const i = faults.findIndex((f) => f.op === op || f.op === '*');
    return i >= 0 ? faults.splice(i, 1)[0] : undefined;
  };

  /** Checks the bearer and pre-store faults; returns false when it already answered. */
  const guard = (op: string, req: FastifyRequest, reply: FastifyReply): SimFault | false | undefined => {
    const auth = req.headers.authorization ?? '';
    const expires = tokens.get(auth.replace(/^Bearer /, ''));
    if (expires === undefined || expires <= Date.now()) {
      void reply.code(401).send({ message: 'Authorization has been denied for this request.' });
      return false;
    }
    const fault = takeFault(op);
    if (fault?.kind === 'refuse') {
      void reply.send(fail(fault.message));
      return false;
    }
    if (fault?.kind === 'http') {
      void reply.code(fault.status).send(fail('Error interno'));
      return false;
    }
    return fault;
  };

  app.get('/api/Auth', async (req, reply) => {
    const q = req.query as Record<string, string>;
    const c = opts.credentials;
    if (q.client !== c.client || q.company !== c.company || q.user !== c.user || q.password !== c.password) {
      return reply.send(fail('Usuario o contraseña incorrectos'));
    }
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, Date.now() + ttl);
    auths++;
    return ok({ access_token: token, expires_in: Math.floor(ttl / 1000) });
  });

  app.post('/api/Accounting/InsertVoucher', async (req, reply) => {
    const fault = guard('InsertVoucher', req, reply);
    if (fault === false) return reply;
    const body = req.body as {
      header?: {
        fiscalYear?: number;
        number?: number;
        voucherType?: string;
        date?: string;
        comment?: string;
      };
      detail?: Record<string, unknown>[];
      automaticFoliation?: boolean;
    };
    const h = body?.header;
    if (
      !h ||
      typeof h.voucherType !== 'string' ||
      !Number.isInteger(h.fiscalYear) ||
      typeof h.date !== 'string'
    ) {
      return reply.send(fail('El encabezado del comprobante está incompleto'));
    }
    if (!/^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/.test(h.date) || Number(h.date.slice(0, 4)) !== h.fiscalYear) {
      return reply.send(fail(`Fecha inválida: ${h.date}`));
    }
    if (body.automaticFoliation !== true || h.number !== 0) {
      return reply.send(fail('Este simulador solo acepta foliación automática (number 0)'));
    }
    const detail = Array.isArray(body.detail) ? body.detail : [];
    let debit = 0;
    let credit = 0;
    for (const [i, line] of detail.entries()) {
      const account = opts.accounts.find((a) => a.code === line.accountCode);
      if (!account)
        return reply.send(fail(`La cuenta ${String(line.accountCode)} no existe (línea ${i + 1})`));
      if (account.usesBussinessCenterAnalysis && !line.bussinessCenterId) {
        return reply.send(fail(`La cuenta ${account.code} requiere centro de negocios (línea ${i + 1})`));
      }
      if (account.usesFileAnalysis && !line.fileId) {
        return reply.send(fail(`La cuenta ${account.code} requiere ficha (línea ${i + 1})`));
      }
      if (account.usesDocumentAnalysis && (!line.documentType || !line.documentNumber)) {
        return reply.send(fail(`La cuenta ${account.code} requiere documento (línea ${i + 1})`));
      }
      debit += Number(line.debit ?? 0);
      credit += Number(line.credit ?? 0);
    }
    if (detail.length < 2 || debit !== credit) return reply.send(fail('El comprobante no cuadra'));
    const key = `${h.voucherType}|${h.fiscalYear}`;
    const number = (numbering.get(key) ?? 0) + 1;
    numbering.set(key, number);
    const header = {
      voucherType: h.voucherType,
      number,
      fiscalYear: h.fiscalYear!,
      date: h.date,
      comment: h.comment ?? '',
    };
    vouchers.push({ header, detail, pendingApproval: opts.approvalRequired === true });
    if (fault?.kind === 'reset-after-store') {
      req.raw.socket.destroy();
      return reply;
    }
    if (fault?.kind === 'timeout-after-store') await new Promise((r) => setTimeout(r, fault.holdMs));
    return ok({
      voucherType: h.voucherType,
      number,
      fiscalYear: h.fiscalYear,
      message: opts.approvalRequired
        ? 'Comprobante ingresado, pendiente de aprobación'
        : 'Comprobante ingresado',
    });
  });

  app.get('/api/Accounting/GetVoucherList', async (req, reply) => {
    if (guard('GetVoucherList', req, reply) === false) return reply;
    const q = req.query as Record<string, string>;
    const size = Math.max(1, Number(q.ItemsPerPage ?? 50));
    const page = Math.max(0, Number(q.Page ?? 0));
    const inRange = vouchers
      .map((v) => v.header)
      .filter(
        (h) =>
          h.date.slice(0, 10) >= String(q.FromDate).slice(0, 10) &&
          h.date.slice(0, 10) <= String(q.ToDate).slice(0, 10),
      );
    return ok({
      totalItems: inRange.length,
      itemsPerPage: size,
      pageNumber: page,
      vouchers: inRange.slice(page * size, page * size + size),
    });
  });

  app.get('/api/Accounting/GetVoucher', async (req, reply) => {
    if (guard('GetVoucher', req, reply) === false) return reply;
    const q = req.query as Record<string, string>;
    const v = vouchers.find(
      (x) =>
        x.header.voucherType === q.VoucherType &&
        x.header.number === Number(q.Number) &&
        x.header.fiscalYear === Number(q.FiscalYear),
    );
    if (!v) return reply.send(fail('Comprobante no encontrado'));
    return ok({ header: v.header, detail: v.detail, state: v.pendingApproval ? 'PENDIENTE' : 'APROBADO' });
  });

  app.get('/api/Accounting/GetAccountAnalisys', async (req, reply) => {
    if (guard('GetAccountAnalisys', req, reply) === false) return reply;
    const code = (req.query as Record<string, string>).Account;
    const account = opts.accounts.find((a) => a.code === code);
    if (!account) return reply.send(fail(`Cuenta ${code} no encontrada`));
    return ok({
      usesFileAnalysis: account.usesFileAnalysis,
      usesDocumentAnalysis: account.usesDocumentAnalysis,
      usesBussinessCenterAnalysis: account.usesBussinessCenterAnalysis,
      usesClassifier1Analysis: false,
      usesClassifier2Analysis: false,
      usesReferenceCurrencyAnalysis: false,
      usesBankAnalysis: false,
    });
  });

  app.get('/api/Accounting/GetBusinessCenterPlan', async (req, reply) => {
    if (guard('GetBusinessCenterPlan', req, reply) === false) return reply;
    return ok({ centrosNegocios: opts.businessCenters });
  });

  const address = await app.listen({ host: '127.0.0.1', port });
  return {
    url: `${address}/api/`,
    vouchers,
    faults,
    authCount: () => auths,
    expireTokens: () => {
      for (const t of tokens.keys()) tokens.set(t, 0);
    },
    close: () => app.close(),
  };
}

/** A flat list of centers (code, parent) as Defontana's GetBusinessCenterPlan tree. */
export function businessCenterTree(
  centers: readonly {
    code: string;
    name: string;
    parentCode: string | null;
    postable: boolean;
    active: boolean;
  }[],
  parentCode: string | null = null,
): SimBusinessCenter[] {
  return centers
    .filter((c) => c.parentCode === parentCode)
    .map((c) => ({
      code: c.code,
      description: c.name,
      imputable: c.postable ? 'S' : 'N',
      activo: c.active ? 'S' : 'N',
      descendientes: businessCenterTree(centers, c.code),
    }));
}
