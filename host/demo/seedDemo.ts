import type { Knex } from 'knex';
import { formatRut, RutFormat } from '@fdograph/rut-utilities';
import { AccountRepository } from '../accounts/AccountRepository';
import type { NewCompany } from '../accounts/companies';

/** The demo companies. Minera Los Pinos exists so cross-company isolation can be tried by hand. */
export function demoCompanies(password: string): NewCompany[] {
  return [
    {
      name: 'Comercial Andes SpA',
      rut: '76.123.456-0',
      users: [
        { email: 'admin@demo.cl', name: 'Carolina Muñoz', password, isCompanyAdmin: true },
        { email: 'contador@demo.cl', name: 'Jorge Contreras', password, isCompanyAdmin: false },
        { email: 'auditor@demo.cl', name: 'Patricia Soto', password, isCompanyAdmin: false },
      ],
    },
    {
      name: 'Minera Los Pinos Ltda.',
      rut: '76.543.210-3',
      users: [{ email: 'admin@pinos.cl', name: 'Rodrigo Fuentes', password, isCompanyAdmin: true }],
    },
  ];
}

export interface DemoSeedResult {
  /** Companies created now (an existing company is left as it is). */
  created: string[];
  credentials: { company: string; email: string; role: string }[];
}

/** Creates the demo companies and users that do not exist yet. Idempotent. */
export async function seedDemo(
  db: Knex,
  opts: { password: string; createCompany: (company: NewCompany) => Promise<unknown> },
): Promise<DemoSeedResult> {
  const accounts = new AccountRepository(db);
  const result: DemoSeedResult = { created: [], credentials: [] };
  for (const company of demoCompanies(opts.password)) {
    if (!(await accounts.findCompanyByRut(formatRut(company.rut, RutFormat.DOTS_DASH)))) {
      await opts.createCompany(company);
      result.created.push(company.name);
    }
    for (const u of company.users) {
      result.credentials.push({
        company: company.name,
        email: u.email,
        role: u.isCompanyAdmin ? 'administrador de la empresa' : 'usuario',
      });
    }
  }
  return result;
}
