/**
 * The HTTP face of the sandbox: the v1 RPC endpoints under `/v1/` (rindegastos-api.md §3) with
 * bearer auth and fault injection, plus `/__sandbox/…` control routes in test and demo modes.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  SandboxError,
  type CompanyState,
  type ExpenseFilter,
  type IntegrationFilter,
  type ReportFilter,
} from './company';
import { addOneYear, chileToday, dayOf, isDate } from './dates';
import type { FaultKind } from './faults';
import type { SandboxState } from './state';
import type { IntegrationMarkJson } from './types';

type Query = Record<string, string | undefined>;

interface ApiMethod {
  name: string;
  write: boolean;
  handle(company: CompanyState, q: Query, body: unknown, state: SandboxState): unknown;
}

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

// ---- parameter parsing ----------------------------------------------------------------------

function lowerKeys(raw: Record<string, unknown>): Query {
  const out: Query = {};
  for (const [k, v] of Object.entries(raw ?? {}))
    out[k.toLowerCase()] = Array.isArray(v) ? String(v[0]) : v === undefined ? undefined : String(v);
  return out;
}

function param(q: Query, name: string): string | undefined {
  const v = q[name.toLowerCase()];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function intParam(q: Query, name: string, allowed?: readonly number[]): number | undefined {
  const v = param(q, name);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw new SandboxError(400, `El parámetro ${name} debe ser un número entero.`);
  const n = Number(v);
  if (allowed && !allowed.includes(n))
    throw new SandboxError(400, `El parámetro ${name} debe ser ${allowed.join(', ')}.`);
  return n;
}

function dateParam(q: Query, name: string): number | undefined {
  const v = param(q, name);
  if (v === undefined) return undefined;
  if (!isDate(v)) throw new SandboxError(400, `El parámetro ${name} debe ser una fecha AAAA-MM-DD.`);
  return dayOf(v);
}

function orderParam(q: Query): boolean {
  const v = param(q, 'Order');
  if (v === undefined) return false;
  const up = v.toUpperCase();
  if (up !== 'ASC' && up !== 'DESC') throw new SandboxError(400, 'El parámetro Order debe ser ASC o DESC.');
  return up === 'DESC';
}

function paging(q: Query): { page: number; perPage: number } {
  const perPage = Math.min(MAX_PAGE_SIZE, Math.max(1, intParam(q, 'ResultsPerPage') ?? DEFAULT_PAGE_SIZE));
  const page = Math.max(1, intParam(q, 'Page') ?? 1);
  return { page, perPage };
}

function requiredId(q: Query, name = 'Id'): number {
  const id = intParam(q, name);
  if (id === undefined) throw new SandboxError(400, `Falta el parámetro ${name}.`);
  return id;
}

function envelope<T>(
  listKey: string,
  countKey: string,
  total: number,
  items: T[],
  page: number,
  perPage: number,
) {
  return {
    Records: { TotalRecords: total, [countKey]: items.length, Page: page, Pages: Math.ceil(total / perPage) },
    [listKey]: items,
  };
}

function pageSlice<T>(all: T[], page: number, perPage: number): T[] {
  return all.slice((page - 1) * perPage, page * perPage);
}

// ---- write bodies ---------------------------------------------------------------------------

function objectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new SandboxError(400, 'El cuerpo debe ser un objeto JSON.');
  }
  return body as Record<string, unknown>;
}

function intField(b: Record<string, unknown>, name: string, allowed?: number[]): number {
  const raw = b[name];
  const n = typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n))
    throw new SandboxError(400, `Falta ${name} o no es un número entero.`);
  if (allowed && !allowed.includes(n))
    throw new SandboxError(400, `${name} debe ser ${allowed.join(' o ')}.`);
  return n;
}

function textField(b: Record<string, unknown>, name: string, required: boolean): string {
  const raw = b[name];
  if (raw === undefined || raw === null) {
    if (required) throw new SandboxError(400, `Falta ${name}.`);
    return '';
  }
  if (typeof raw !== 'string' && typeof raw !== 'number')
    throw new SandboxError(400, `${name} debe ser texto.`);
  const s = String(raw);
  if (s.length > 255) throw new SandboxError(400, `${name} admite a lo más 255 caracteres.`);
  return s;
}

function markOf(body: unknown): IntegrationMarkJson {
  const b = objectBody(body);
  return {
    Id: intField(b, 'Id'),
    IntegrationStatus: intField(b, 'IntegrationStatus', [0, 1]) as 0 | 1,
    IntegrationCode: textField(b, 'IntegrationCode', false),
    IntegrationDate: textField(b, 'IntegrationDate', true),
  };
}

// ---- the v1 methods -------------------------------------------------------------------------

function integrationFilter(q: Query): IntegrationFilter {
  return {
    integrationStatus: intParam(q, 'IntegrationStatus', [0, 1]),
    integrationCode: param(q, 'IntegrationCode'),
    integrationDay: dateParam(q, 'IntegrationDate'),
  };
}

function reportFilter(q: Query, state: SandboxState, opts: { today?: string }): ReportFilter {
  const since = dateParam(q, 'Since');
  const until = dateParam(q, 'Until');
  if (state.strict) {
    if (since === undefined) throw new SandboxError(400, 'El parámetro Since es obligatorio (AAAA-MM-DD).');
    const end = until ?? dayOf(opts.today ?? chileToday());
    if (end > addOneYear(since)) throw new SandboxError(400, 'El rango de fechas no puede superar un año.');
  }
  const currency = param(q, 'Currency');
  return {
    since,
    until,
    typeDateFilter: (intParam(q, 'TypeDateFilter', [1, 2]) ?? 1) as 1 | 2,
    currency: currency?.toUpperCase(),
    status: intParam(q, 'Status', [0, 1]),
    policyId: intParam(q, 'ExpensePolicyId'),
    ...integrationFilter(q),
    userId: intParam(q, 'UserId'),
    orderBy: (intParam(q, 'OrderBy', [1, 2, 3]) ?? 2) as 1 | 2 | 3,
    desc: orderParam(q),
  };
}

function expenseFilter(q: Query): ExpenseFilter {
  return {
    since: dateParam(q, 'Since'),
    until: dateParam(q, 'Until'),
    currency: param(q, 'Currency')?.toUpperCase(),
    status: intParam(q, 'Status', [0, 1, 2]),
    category: param(q, 'Category'),
    reportId: intParam(q, 'ReportId'),
    policyId: intParam(q, 'ExpensePolicyId'),
    ...integrationFilter(q),
    userId: intParam(q, 'UserId'),
    orderBy: (intParam(q, 'OrderBy', [1, 2, 3]) ?? 1) as 1 | 2 | 3,
    desc: orderParam(q),
  };
}

function policyScope(c: CompanyState, q: Query) {
  const id = requiredId(q, 'IdPolicy');
  const p = c.policy(id);
  if (!p) throw new SandboxError(404, `No existe la política ${id}.`);
  return p;
}

function publicPolicy(p: ReturnType<CompanyState['policy']> & object) {
  return {
    Id: p.Id,
    Name: p.Name,
    Code: p.Code,
    Description: p.Description,
    IsActive: p.IsActive,
    Currency: p.Currency,
    TotalEmployees: p.TotalEmployees,
    TotalApprovers: p.TotalApprovers,
  };
}

function methods(today: string | undefined): ApiMethod[] {
  return [
    {
      name: 'getExpenseReports',
      write: false,
      handle(c, q, _b, state) {
        const { page, perPage } = paging(q);
        const r = c.queryReports(reportFilter(q, state, { today }), page, perPage);
        return envelope('ExpenseReports', 'Reports', r.total, r.items, page, perPage);
      },
    },
    {
      name: 'getExpenseReport',
      write: false,
      handle(c, q) {
        const id = requiredId(q);
        const r = c.report(id);
        if (!r) throw new SandboxError(404, `No existe el informe ${id}.`);
        return r;
      },
    },
    {
      name: 'getExpenses',
      write: false,
      handle(c, q) {
        const { page, perPage } = paging(q);
        const r = c.queryExpenses(expenseFilter(q), page, perPage);
        return envelope('Expenses', 'Expenses', r.total, r.items, page, perPage);
      },
    },
    {
      name: 'getExpense',
      write: false,
      handle(c, q) {
        const id = requiredId(q);
        const e = c.expense(id);
        if (!e) throw new SandboxError(404, `No existe el gasto ${id}.`);
        return e;
      },
    },
    {
      name: 'getExpensePolicies',
      write: false,
      handle(c, q) {
        const { page, perPage } = paging(q);
        const status = intParam(q, 'Status', [0, 1]);
        const orderBy = intParam(q, 'OrderBy', [1, 2]) ?? 1;
        let all = c.policies.filter((p) => status === undefined || (p.IsActive ? 1 : 0) === status);
        all = [...all].sort((a, b) =>
          orderBy === 2 ? a.Name.localeCompare(b.Name, 'es') || a.Id - b.Id : a.Id - b.Id,
        );
        if (orderParam(q)) all.reverse();
        return envelope(
          'Policies',
          'Policies',
          all.length,
          pageSlice(all, page, perPage).map(publicPolicy),
          page,
          perPage,
        );
      },
    },
    {
      name: 'getExpensePolicy',
      write: false,
      handle(c, q) {
        const id = requiredId(q);
        const p = c.policy(id);
        if (!p) throw new SandboxError(404, `No existe la política ${id}.`);
        return publicPolicy(p);
      },
    },
    {
      name: 'getExpensePolicyCategories',
      write: false,
      handle(c, q) {
        const p = policyScope(c, q);
        return {
          IdPolicy: p.Id,
          PolicyName: p.Name,
          NbrCategories: p.categories.length,
          Categories: p.categories,
        };
      },
    },
    {
      name: 'getExpensePolicyExpenseFields',
      write: false,
      handle(c, q) {
        const p = policyScope(c, q);
        const fields = c.expenseFieldsOf(p.Id);
        return { IdPolicy: p.Id, PolicyName: p.Name, NbrFields: fields.length, ExpenseExtraFields: fields };
      },
    },
    {
      name: 'getExpensePolicyExpenseReportFields',
      write: false,
      handle(c, q) {
        const p = policyScope(c, q);
        const fields = c.reportFieldsOf(p.Id);
        return { IdPolicy: p.Id, PolicyName: p.Name, NbrFields: fields.length, ExpenseExtraFields: fields };
      },
    },
    {
      name: 'getExpensePolicyTaxes',
      write: false,
      handle(c, q) {
        const p = policyScope(c, q);
        return {
          IdPolicy: p.Id,
          PolicyName: p.Name,
          NbrTaxes: c.profile.taxes.length,
          Taxes: c.profile.taxes,
        };
      },
    },
    {
      name: 'getExpensePolicyWorkflow',
      write: false,
      handle(c, q) {
        const p = policyScope(c, q);
        const levels = [p.approverId, p.secondApproverId].filter((id, k, all) => all.indexOf(id) === k);
        const approvers = levels.map((id, k) => {
          const u = c.profile.users.find((x) => x.Id === id);
          return {
            Level: k + 1,
            ApproverId: String(id),
            ApproverName: u ? `${u.FirstName} ${u.LastName}` : '',
            ApproverEmail: u?.Email ?? '',
            AmmountRestriction: k > 0,
            RestrictionReportAmount: k > 0 ? 500_000 : 0,
            RestrictionExtraApproverId: '',
            RestrictionExtraApproverEmail: '',
          };
        });
        return { IdPolicy: p.Id, PolicyName: p.Name, RevisionLevels: approvers.length, Approvers: approvers };
      },
    },
    {
      name: 'getUsers',
      write: false,
      handle(c, q) {
        const { page, perPage } = paging(q);
        const orderBy = intParam(q, 'OrderBy', [1, 2]) ?? 1;
        const all = [...c.profile.users].sort((a, b) =>
          orderBy === 2
            ? a.LastName.localeCompare(b.LastName, 'es') || a.Id - b.Id
            : a.CreatedAt.localeCompare(b.CreatedAt) || a.Id - b.Id,
        );
        if (orderParam(q)) all.reverse();
        return envelope('Users', 'Users', all.length, pageSlice(all, page, perPage), page, perPage);
      },
    },
    {
      name: 'getUser',
      write: false,
      handle(c, q) {
        const email = param(q, 'Email');
        const id = intParam(q, 'Id');
        if (id === undefined && email === undefined)
          throw new SandboxError(400, 'Falta el parámetro Id o Email.');
        const u = c.profile.users.find((x) =>
          id !== undefined ? x.Id === id : x.Email.toLowerCase() === email!.toLowerCase(),
        );
        if (!u) throw new SandboxError(404, `No existe el usuario ${id ?? email}.`);
        return u;
      },
    },
    {
      name: 'getFunds',
      write: false,
      handle(c, q) {
        const { page, perPage } = paging(q);
        const status = intParam(q, 'Status', [1, 2, 3]);
        const orderBy = intParam(q, 'OrderBy', [1, 2]) ?? 1;
        const all = c.profile.funds
          .filter((f) => status === undefined || f.Status === status)
          .sort(
            (a, b) =>
              (orderBy === 2
                ? a.Title.localeCompare(b.Title, 'es')
                : a.CreatedAt.localeCompare(b.CreatedAt)) || a.Id - b.Id,
          );
        if (orderParam(q)) all.reverse();
        return envelope('Funds', 'Funds', all.length, pageSlice(all, page, perPage), page, perPage);
      },
    },
    {
      name: 'getFund',
      write: false,
      handle(c, q) {
        const id = requiredId(q);
        const f = c.profile.funds.find((x) => x.Id === id);
        if (!f) throw new SandboxError(404, `No existe el fondo ${id}.`);
        return f;
      },
    },
    {
      name: 'setExpenseIntegration',
      write: true,
      handle(c, _q, body) {
        const mark = markOf(body);
        const e = c.markExpense(mark);
        return {
          Id: e.Id,
          Supplier: e.Supplier,
          OriginalAmount: e.OriginalAmount,
          OriginalCurrency: e.OriginalCurrency,
          IntegrationStatus: mark.IntegrationStatus,
          IntegrationCode: e.IntegrationExternalCode,
          IntegrationDate: e.IntegrationDate,
        };
      },
    },
    {
      name: 'setExpenseReportIntegration',
      write: true,
      handle(c, _q, body) {
        const mark = markOf(body);
        const r = c.markReport(mark);
        return {
          Id: r.Id,
          Title: r.Title,
          ReportNumber: r.ReportNumber,
          IntegrationStatus: mark.IntegrationStatus,
          IntegrationCode: r.IntegrationExternalCode,
          IntegrationDate: r.IntegrationDate,
        };
      },
    },
    {
      name: 'setExpenseReportCustomStatus',
      write: true,
      handle(c, _q, body) {
        const b = objectBody(body);
        const r = c.setCustomStatus({
          Id: intField(b, 'Id'),
          IdAdmin: intField(b, 'IdAdmin'),
          CustomStatus: textField(b, 'CustomStatus', true),
          CustomMessage: textField(b, 'CustomMessage', false),
        });
        return { Id: r.Id, Title: r.Title, ReportNumber: r.ReportNumber, CustomStatus: r.CustomStatus };
      },
    },
  ];
}

// ---- the server -----------------------------------------------------------------------------

export interface ServerHandle {
  app: FastifyInstance;
  /** Drops requests held by `timeout` faults; called before closing. */
  releaseHeld(): void;
}

function sendJson(reply: FastifyReply, status: number, text: string) {
  return reply.code(status).type('application/json; charset=utf-8').send(text);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function buildServer(state: SandboxState): ServerHandle {
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 5 * 1024 * 1024 });
  const held = new Set<NodeJS.Timeout>();
  const table = new Map(methods(state.options.today).map((m) => [m.name.toLowerCase(), m]));

  // Some SDKs send JSON without a content type (the PHP SDK's POSTs, §1); accept any body as JSON.
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body ?? '');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new SandboxError(400, 'El cuerpo no es JSON válido.'), undefined);
    }
  });

  app.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
    const status = err instanceof SandboxError ? err.status : (err.statusCode ?? 500);
    const message =
      err instanceof SandboxError
        ? err.message
        : status === 400
          ? 'Solicitud inválida: ' + err.message
          : 'Error interno del sandbox.';
    const body = request.url.startsWith('/__sandbox') ? { error: message } : { Error: message };
    return sendJson(reply, status, JSON.stringify(body));
  });

  app.setNotFoundHandler((request, reply) => {
    const body = request.url.startsWith('/__sandbox')
      ? { error: 'Ruta desconocida.' }
      : { Error: 'Método desconocido.' };
    return sendJson(reply, 404, JSON.stringify(body));
  });

  const hold = (request: FastifyRequest, reply: FastifyReply, ms: number) => {
    reply.hijack();
    const timer = setTimeout(() => {
      held.delete(timer);
      request.raw.socket?.destroy();
    }, ms);
    held.add(timer);
  };

  const reset = (request: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    request.raw.socket?.destroy();
  };

  app.route({
    method: ['GET', 'PUT', 'POST'],
    url: '/v1/:method',
    handler: async (request, reply) => {
      const name = String((request.params as { method: string }).method);
      const m = table.get(name.toLowerCase());
      state.countRequest(m?.name ?? name);
      if (state.options.latencyMs > 0) await sleep(state.options.latencyMs);
      if (!m) throw new SandboxError(404, `Método desconocido: ${name}.`);
      if (m.write ? request.method === 'GET' : request.method !== 'GET') {
        throw new SandboxError(405, `${m.name} se llama con ${m.write ? 'PUT' : 'GET'}.`);
      }

      const auth = request.headers.authorization ?? '';
      const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
      const company = match ? state.companyForToken(match[1]) : undefined;
      if (!company) {
        state.countUnauthorized();
        const message = match
          ? 'Token inválido o revocado.'
          : 'Falta el encabezado Authorization: Bearer <token>.';
        return sendJson(reply, 401, JSON.stringify({ Error: message }));
      }

      const fault: FaultKind | null = state.injector.next(m.name);
      const cfg = state.injector.config;
      switch (fault) {
        case 'latency':
          await sleep(cfg.latencyMs);
          break;
        case 'rate_limit':
          reply.header('Retry-After', String(cfg.retryAfterSeconds));
          return sendJson(
            reply,
            429,
            JSON.stringify({ Error: 'Demasiadas solicitudes, intente más tarde.' }),
          );
        case 'server_error': {
          const status = [500, 502, 503][state.injector.variant(3)];
          if (status === 502) {
            return reply
              .code(502)
              .type('text/html')
              .send('<html><body><h1>502 Bad Gateway</h1></body></html>');
          }
          return sendJson(reply, status, JSON.stringify({ Error: 'Error interno del servidor.' }));
        }
        case 'error_body': {
          // Both styles seen in the wild (§2.4): v1's {"Error"} and v2's NestJS body, with HTTP 200.
          const body =
            state.injector.variant(2) === 0
              ? { Error: 'Ocurrió un error al procesar la solicitud.' }
              : { statusCode: 500, message: 'Internal server error' };
          return sendJson(reply, 200, JSON.stringify(body));
        }
        case 'timeout':
          if (!m.write) return hold(request, reply, cfg.hangMs);
          break;
        case 'reset':
          if (!m.write) return reset(request, reply);
          break;
        default:
          break;
      }

      const q = lowerKeys(request.query as Record<string, unknown>);
      const result = m.handle(company, q, request.body, state);

      // On writes a timeout or reset strikes after the write took effect: the response is lost,
      // which is exactly the case where only idempotent writes may be retried.
      if (m.write && fault === 'timeout') return hold(request, reply, cfg.hangMs);
      if (m.write && fault === 'reset') return reset(request, reply);

      const text = JSON.stringify(result);
      if (fault === 'malformed') {
        const broken =
          state.injector.variant(2) === 0
            ? text.slice(0, Math.max(1, Math.floor(text.length / 2)))
            : '<html><body>Service Unavailable</body></html>';
        return sendJson(reply, 200, broken);
      }
      return sendJson(reply, 200, text);
    },
  });

  if (state.options.mode !== 'production') registerControlRoutes(app, state);

  return {
    app,
    releaseHeld() {
      for (const t of held) clearTimeout(t);
      held.clear();
    },
  };
}

// ---- control routes -------------------------------------------------------------------------

function num(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new SandboxError(400, `"${value}" no es un número entero.`);
  return n;
}

function registerControlRoutes(app: FastifyInstance, state: SandboxState): void {
  type P = Record<string, string>;
  const json = (reply: FastifyReply, status: number, body: unknown) =>
    sendJson(reply, status, JSON.stringify(body));

  app.get('/__sandbox/', async (_req, reply) =>
    json(reply, 200, {
      mode: state.options.mode,
      strict: state.strict,
      seed: state.options.seed,
      companies: state.companies(),
      faults: state.faults(),
      stats: state.stats(),
    }),
  );
  app.post('/__sandbox/reset', async (_req, reply) => {
    state.reset();
    return json(reply, 200, { ok: true });
  });
  app.get('/__sandbox/faults', async (_req, reply) => json(reply, 200, state.faults()));
  app.put('/__sandbox/faults', async (req, reply) => {
    try {
      return json(reply, 200, state.setFaults((req.body ?? null) as never));
    } catch (err) {
      throw new SandboxError(400, (err as Error).message);
    }
  });
  app.put('/__sandbox/strict', async (req, reply) => {
    state.setStrict(Boolean((req.body as { strict?: unknown } | undefined)?.strict));
    return json(reply, 200, { strict: state.strict });
  });
  app.get('/__sandbox/stats', async (_req, reply) => json(reply, 200, state.stats()));
  app.delete('/__sandbox/stats', async (_req, reply) => {
    state.resetStats();
    return json(reply, 200, state.stats());
  });
  app.get('/__sandbox/companies', async (_req, reply) => json(reply, 200, state.companies()));
  app.get('/__sandbox/companies/:company/token', async (req, reply) =>
    json(reply, 200, { token: state.tokenFor((req.params as P).company) }),
  );
  app.post('/__sandbox/companies/:company/tokens', async (req, reply) => {
    const keepPrevious = Boolean((req.body as { keepPrevious?: unknown } | undefined)?.keepPrevious);
    return json(reply, 201, { token: state.issueToken((req.params as P).company, { keepPrevious }) });
  });
  app.get('/__sandbox/companies/:company/marks', async (req, reply) =>
    json(reply, 200, state.listMarks((req.params as P).company)),
  );
  app.delete('/__sandbox/companies/:company/marks', async (req, reply) => {
    state.clearMarks((req.params as P).company);
    return json(reply, 200, state.listMarks((req.params as P).company));
  });
  app.get('/__sandbox/companies/:company/custom-statuses', async (req, reply) =>
    json(reply, 200, state.customStatuses((req.params as P).company)),
  );
  app.post('/__sandbox/companies/:company/reports', async (req, reply) => {
    const body = (req.body ?? {}) as { report?: object; expenses?: object[] };
    if (body.expenses !== undefined && !Array.isArray(body.expenses))
      throw new SandboxError(400, 'expenses debe ser una lista.');
    return json(
      reply,
      201,
      state.addReport((req.params as P).company, body.report ?? {}, body.expenses ?? []),
    );
  });
  app.get('/__sandbox/companies/:company/reports/:id', async (req, reply) => {
    const p = req.params as P;
    const found = state.getReport(p.company, num(p.id));
    if (!found) throw new SandboxError(404, `No existe el informe ${p.id}.`);
    return json(reply, 200, found);
  });
  app.patch('/__sandbox/companies/:company/reports/:id', async (req, reply) => {
    const p = req.params as P;
    return json(reply, 200, state.updateReport(p.company, num(p.id), (req.body ?? {}) as object));
  });
  app.patch('/__sandbox/companies/:company/expenses/:id', async (req, reply) => {
    const p = req.params as P;
    return json(reply, 200, state.updateExpense(p.company, num(p.id), (req.body ?? {}) as object));
  });
  app.post('/__sandbox/companies/:company/policies/:policyId/categories', async (req, reply) => {
    const p = req.params as P;
    const body = (req.body ?? {}) as { Name: string };
    return json(reply, 201, state.addCategory(p.company, num(p.policyId), body));
  });
  app.patch('/__sandbox/companies/:company/policies/:policyId/categories/:name', async (req, reply) => {
    const p = req.params as P;
    return json(
      reply,
      200,
      state.updateCategory(p.company, num(p.policyId), p.name, (req.body ?? {}) as object),
    );
  });
  app.delete('/__sandbox/companies/:company/policies/:policyId/categories/:name', async (req, reply) => {
    const p = req.params as P;
    return json(reply, 200, state.removeCategory(p.company, num(p.policyId), p.name));
  });
  app.put('/__sandbox/companies/:company/expense-fields/:name/options', async (req, reply) => {
    const p = req.params as P;
    if (!Array.isArray(req.body)) throw new SandboxError(400, 'Se espera una lista de {Value, Code}.');
    return json(reply, 200, state.setExpenseFieldOptions(p.company, p.name, req.body as never));
  });
}
