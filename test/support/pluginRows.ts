/**
 * One valid row for every rg_* table, keyed by table. Each migration that adds a table adds its
 * row here, so the migration test proves every table goes up and down with data in it.
 */
export function rowsForEveryPluginTable(): Record<string, Record<string, unknown>> {
  const at = '2026-11-28T12:00:00.000Z';
  return {
    rg_installations: {
      company_id: 'c1',
      status: 'active',
      order_id: 'o1',
      created_at: at,
      activated_at: at,
      updated_at: at,
    },
    rg_connections: {
      company_id: 'c1',
      sealed_token: 'sealed',
      token_last4: 'abcd',
      status: 'valid',
      verified_at: at,
      updated_at: at,
    },
    rg_settings: { company_id: 'c1', key: 'autoPost', value_json: 'true', updated_at: at },
    rg_permissions: {
      company_id: 'c1',
      user_id: 'u1',
      permission: 'rindegastos.view',
      granted_by: 'u0',
      granted_at: at,
    },
    rg_audit: {
      company_id: 'c1',
      actor_id: 'u0',
      action: 'settings.updated',
      before_json: '{}',
      after_json: '{}',
      created_at: at,
    },
    rg_catalog_items: {
      company_id: 'c1',
      kind: 'category',
      remote_key: 'Combustible',
      name: 'Combustible',
      code: '4-1-02-01-02',
      active: true,
      debit_account: '4110201002',
      credit_account: '2110701001',
      extra_json: '{}',
      created_at: at,
      imported_at: at,
    },
  };
}
