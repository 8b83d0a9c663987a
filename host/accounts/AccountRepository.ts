import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

export interface Company {
  id: string;
  name: string;
  rut: string;
  createdAt: string;
}

export interface User {
  id: string;
  companyId: string;
  email: string;
  name: string;
  isCompanyAdmin: boolean;
  createdAt: string;
}

interface CompanyRow {
  id: string;
  name: string;
  rut: string;
  created_at: string;
}

interface UserRow {
  id: string;
  company_id: string;
  email: string;
  name: string;
  password_hash: string;
  is_company_admin: boolean | number;
  created_at: string;
}

const COMPANIES = 'host_companies';
const USERS = 'host_users';
const USER_COLUMNS = ['id', 'company_id', 'email', 'name', 'is_company_admin', 'created_at'];

function toCompany(row: CompanyRow): Company {
  return { id: row.id, name: row.name, rut: row.rut, createdAt: row.created_at };
}

type PublicUserRow = Omit<UserRow, 'password_hash'>;

function toUser(row: PublicUserRow): User {
  return {
    id: row.id,
    companyId: row.company_id,
    email: row.email,
    name: row.name,
    // SQLite and MySQL both return booleans as 0/1.
    isCompanyAdmin: Boolean(row.is_company_admin),
    createdAt: row.created_at,
  };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Companies and their users. Password hashes leave this class only through findCredentials. */
export class AccountRepository {
  constructor(private readonly db: Knex) {}

  async createCompany(input: {
    name: string;
    rut: string;
    createdAt: string;
    id?: string;
  }): Promise<Company> {
    const company: Company = {
      id: input.id ?? randomUUID(),
      name: input.name,
      rut: input.rut,
      createdAt: input.createdAt,
    };
    await this.db(COMPANIES).insert({
      id: company.id,
      name: company.name,
      rut: company.rut,
      created_at: company.createdAt,
    });
    return company;
  }

  async createUser(input: {
    companyId: string;
    email: string;
    name: string;
    passwordHash: string;
    isCompanyAdmin: boolean;
    createdAt: string;
  }): Promise<User> {
    const row: UserRow = {
      id: randomUUID(),
      company_id: input.companyId,
      email: normalizeEmail(input.email),
      name: input.name,
      password_hash: input.passwordHash,
      is_company_admin: input.isCompanyAdmin,
      created_at: input.createdAt,
    };
    await this.db(USERS).insert(row);
    return toUser(row);
  }

  async findCompany(id: string): Promise<Company | null> {
    const row = await this.db<CompanyRow>(COMPANIES).where({ id }).first();
    return row ? toCompany(row) : null;
  }

  async findCompanyByRut(rut: string): Promise<Company | null> {
    const row = await this.db<CompanyRow>(COMPANIES).where({ rut }).first();
    return row ? toCompany(row) : null;
  }

  async listCompanies(): Promise<Company[]> {
    const rows = await this.db<CompanyRow>(COMPANIES).orderBy('name');
    return rows.map(toCompany);
  }

  async countCompanies(): Promise<number> {
    const [{ n }] = await this.db(COMPANIES).count({ n: '*' });
    return Number(n);
  }

  async findUser(companyId: string, userId: string): Promise<User | null> {
    const row = (await this.db(USERS)
      .select(USER_COLUMNS)
      .where({ company_id: companyId, id: userId })
      .first()) as PublicUserRow | undefined;
    return row ? toUser(row) : null;
  }

  async listUsers(companyId: string): Promise<User[]> {
    const rows = (await this.db(USERS)
      .select(USER_COLUMNS)
      .where({ company_id: companyId })
      .orderBy('name')) as PublicUserRow[];
    return rows.map(toUser);
  }

  /** The user and their password hash, for login only. */
  async findCredentials(email: string): Promise<{ user: User; passwordHash: string } | null> {
    const row = await this.db<UserRow>(USERS)
      .where({ email: normalizeEmail(email) })
      .first();
    return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
  }
}
