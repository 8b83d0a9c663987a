import pLimit from 'p-limit';
import { injectable } from 'tsyringe';
import type { Policy, PolicyExtraField, RindegastosClient, RindegastosUser } from '../rindegastos/api';
import { findExtraField } from '../rindegastos/extraFields';

export interface RemoteCategory {
  name: string;
  groupName: string;
  groupCode: string;
  accountCode: string;
}

export interface RemotePolicy {
  id: number;
  name: string;
  code: string;
  isActive: boolean;
  currency: string;
  /** In Rindegastos' order: the position is part of the rename rule. */
  categories: RemoteCategory[];
  /** Options of the document-type extra field; null when the policy has no such field. */
  documentTypes: RemoteOption[] | null;
  /** Options of the cost-center extra field; null when the policy has no such field. */
  costCenters: RemoteOption[] | null;
}

export interface RemoteOption {
  code: string;
  value: string;
}

export interface RemoteUser {
  id: number;
  name: string;
  email: string;
  identification: string;
  costingCode: string;
  employeeNumber: string;
  department: string;
}

/** A company's Rindegastos configuration, read completely before anything is written. */
export interface RemoteCatalog {
  policies: RemotePolicy[];
  users: RemoteUser[];
  /** The extra-field names that were looked for (from Configuración General). */
  fields: { documentType: string; costCenter: string };
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : v == null ? '' : String(v).trim());

function optionsOf(fields: PolicyExtraField[], name: string): RemoteOption[] | null {
  const field = findExtraField(fields, name);
  if (!field) return null;
  return (field.Options ?? []).map((o) => ({ code: text(o.Code), value: text(o.Value) }));
}

function toUser(u: RindegastosUser): RemoteUser {
  return {
    id: Number(u.Id),
    name: [text(u.FirstName), text(u.LastName)].filter(Boolean).join(' '),
    email: text(u.Email),
    identification: text(u.Identification),
    costingCode: text(u.CostingCode),
    employeeNumber: text(u.EmployeeNumber),
    department: text(u.Department),
  };
}

/** Policies whose categories and extra fields are read at the same time. */
const POLICY_CONCURRENCY = 4;

/** Reads policies (with categories and extra fields) and users from Rindegastos. */
@injectable()
export class CatalogReader {
  /**
   * The first call is `getExpensePolicies`, so a refused token fails before anything else is
   * asked. Any failure is a RindegastosApiError from the client.
   */
  async read(
    client: RindegastosClient,
    fields: { documentType: string; costCenter: string },
  ): Promise<RemoteCatalog> {
    const policies: Policy[] = [];
    for await (const p of client.getExpensePolicies()) policies.push(p);
    policies.sort((a, b) => Number(a.Id) - Number(b.Id));
    const detailed = await pLimit(POLICY_CONCURRENCY).map(policies, async (p): Promise<RemotePolicy> => {
      const [categories, extraFields] = await Promise.all([
        client.getExpensePolicyCategories(p.Id),
        client.getExpensePolicyExpenseFields(p.Id),
      ]);
      return {
        id: Number(p.Id),
        name: text(p.Name),
        code: text(p.Code),
        isActive: p.IsActive !== false,
        currency: text(p.Currency),
        categories: categories.map((c) => ({
          name: text(c.Name),
          groupName: text(c.GroupName),
          groupCode: text(c.GroupCode),
          accountCode: text(c.AccountCode),
        })),
        documentTypes: optionsOf(extraFields, fields.documentType),
        costCenters: optionsOf(extraFields, fields.costCenter),
      };
    });
    const users: RemoteUser[] = [];
    for await (const u of client.getUsers()) users.push(toUser(u));
    return { policies: detailed, users, fields };
  }
}
