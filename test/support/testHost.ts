import type { Knex } from 'knex';
import type {
  Clock,
  Directory,
  DirectoryCompany,
  DirectoryUser,
  Host,
  Logger,
  Scheduler,
  SecretBox,
} from '../../plugin/host/Host';
import type { Ledger } from '../../plugin/host/Ledger';
import { BuiltinLedger } from '../../host/ledger/BuiltinLedger';
import type { RequestContext } from '../../plugin/host/Plugin';

/** A logger that keeps every line, so tests can assert what was (not) logged. */
export class MemoryLogger implements Logger {
  constructor(
    readonly lines: { level: string; obj: unknown; msg?: string }[] = [],
    private readonly bindings: Record<string, unknown> = {},
  ) {}
  private push(level: string, obj: object | string, msg?: string) {
    this.lines.push({ level, obj: typeof obj === 'string' ? obj : { ...this.bindings, ...obj }, msg });
  }
  debug(obj: object | string, msg?: string) {
    this.push('debug', obj, msg);
  }
  info(obj: object | string, msg?: string) {
    this.push('info', obj, msg);
  }
  warn(obj: object | string, msg?: string) {
    this.push('warn', obj, msg);
  }
  error(obj: object | string, msg?: string) {
    this.push('error', obj, msg);
  }
  child(bindings: Record<string, unknown>): Logger {
    return new MemoryLogger(this.lines, { ...this.bindings, ...bindings });
  }
  /** Everything logged, serialized, for "never appears in a log line" assertions. */
  text(): string {
    return this.lines
      .map((l) =>
        JSON.stringify(l, (_k, v) => (v instanceof Error ? { message: v.message, stack: v.stack } : v)),
      )
      .join('\n');
  }
}

export class FixedClock implements Clock {
  constructor(public current = new Date('2026-11-28T12:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export class StaticDirectory implements Directory {
  constructor(
    private readonly users: Record<string, DirectoryUser[]> = {},
    private readonly companies: Record<string, DirectoryCompany> = {},
  ) {}
  async getCompany(companyId: string) {
    return this.companies[companyId] ?? null;
  }
  async listUsers(companyId: string) {
    return this.users[companyId] ?? [];
  }
  async getUser(companyId: string, userId: string) {
    return (this.users[companyId] ?? []).find((u) => u.id === userId) ?? null;
  }
}

function unavailable(port: string): never {
  throw new Error(`${port} is not provided by this test host`);
}

export interface TestHostParts {
  db: Knex;
  ledger?: Ledger;
  directory?: Directory;
  secrets?: SecretBox;
  scheduler?: Scheduler;
  logger?: MemoryLogger;
  clock?: FixedClock;
  rindegastosApiUrl?: string;
}

export interface TestHost extends Host {
  logger: MemoryLogger;
  clock: FixedClock;
}

/**
 * A Host for plugin tests: the real database and, unless the test gives another, the host's real
 * built-in ledger on it (the database needs the host migrations, forEachDatabase's default).
 */
export function testHost(parts: TestHostParts): TestHost {
  const logger = parts.logger ?? new MemoryLogger();
  const clock = parts.clock ?? new FixedClock();
  return {
    apiVersion: '1.0.0',
    config: { rindegastosApiUrl: parts.rindegastosApiUrl ?? 'http://127.0.0.1:9/v1/' },
    db: parts.db,
    ledger: parts.ledger ?? new BuiltinLedger(parts.db, { clock, logger }),
    directory: parts.directory ?? new StaticDirectory(),
    secrets: parts.secrets ?? (new Proxy({}, { get: () => unavailable('secrets') }) as SecretBox),
    scheduler: parts.scheduler ?? { register: () => () => undefined },
    logger,
    clock,
  };
}

export function requestContext(
  companyId: string,
  user: Partial<RequestContext['user']> = {},
): RequestContext {
  return {
    companyId,
    user: {
      id: user.id ?? 'u-admin',
      name: user.name ?? 'Admin',
      isCompanyAdmin: user.isCompanyAdmin ?? true,
    },
    requestId: 'req-test',
  };
}
