import type { Directory, DirectoryCompany, DirectoryUser } from '../../plugin/index';
import type { AccountRepository, User } from './AccountRepository';

function toDirectoryUser(u: User): DirectoryUser {
  return { id: u.id, name: u.name, email: u.email, isCompanyAdmin: u.isCompanyAdmin };
}

/** The plugin's view of the company's users, read from the host's tables. */
export class HostDirectory implements Directory {
  constructor(private readonly accounts: AccountRepository) {}

  async getCompany(companyId: string): Promise<DirectoryCompany | null> {
    const company = await this.accounts.findCompany(companyId);
    return company ? { id: company.id, name: company.name, rut: company.rut } : null;
  }

  async listUsers(companyId: string): Promise<DirectoryUser[]> {
    return (await this.accounts.listUsers(companyId)).map(toDirectoryUser);
  }

  async getUser(companyId: string, userId: string): Promise<DirectoryUser | null> {
    const user = await this.accounts.findUser(companyId, userId);
    return user ? toDirectoryUser(user) : null;
  }
}
