import type { Knex } from 'knex';
import { formatRut, RutFormat, validateRut } from '@fdograph/rut-utilities';
import type { Clock } from '../../plugin/index';
import { AccountRepository, type Company, type User } from './AccountRepository';
import { hashPassword } from './passwords';

export interface NewUser {
  email: string;
  name: string;
  password: string;
  isCompanyAdmin: boolean;
}

export interface NewCompany {
  name: string;
  /** Chilean RUT, checked with módulo 11; stored as 76.123.456-0. */
  rut: string;
  users: NewUser[];
}

export interface CreateCompanyOptions {
  clock: Clock;
  /** Prepares the company's data in other modules (e.g. its chart of accounts). */
  seedCompany?: (db: Knex, companyId: string) => Promise<void>;
}

/** Creates a company with its users (passwords scrypt-hashed), then runs seedCompany for it. */
export async function createCompanyWithUsers(
  db: Knex,
  input: NewCompany,
  opts: CreateCompanyOptions,
): Promise<{ company: Company; users: User[] }> {
  if (!validateRut(input.rut)) throw new Error(`RUT inválido para ${input.name}: ${input.rut}`);
  const hashes = await Promise.all(input.users.map((u) => hashPassword(u.password)));
  const createdAt = opts.clock.now().toISOString();
  const result = await db.transaction(async (trx) => {
    const accounts = new AccountRepository(trx);
    const company = await accounts.createCompany({
      name: input.name,
      rut: formatRut(input.rut, RutFormat.DOTS_DASH),
      createdAt,
    });
    const users: User[] = [];
    for (const [i, u] of input.users.entries()) {
      users.push(
        await accounts.createUser({
          companyId: company.id,
          email: u.email,
          name: u.name,
          passwordHash: hashes[i],
          isCompanyAdmin: u.isCompanyAdmin,
          createdAt,
        }),
      );
    }
    return { company, users };
  });
  await opts.seedCompany?.(db, result.company.id);
  return result;
}
