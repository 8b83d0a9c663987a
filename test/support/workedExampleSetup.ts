import { expect } from 'chai';
import type { StackClient } from './stack';

/** `PUT /mappings/{segment}/{id}` for the item whose remote key is `remoteKey`, as the admin would. */
export async function mapItemOverHttp(
  admin: StackClient,
  segment: string,
  remoteKey: string,
  body: Record<string, unknown>,
): Promise<void> {
  const list = await admin.plugin<{ items: { id: number; remoteKey: string }[] }>(`/mappings/${segment}`);
  const item = list.body.items.find((i) => i.remoteKey === remoteKey);
  if (!item) throw new Error(`${segment} has no item ${remoteKey}`);
  const res = await admin.plugin(`/mappings/${segment}/${item.id}`, 'PUT', body);
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
}

/** General and Centralización of chile-accounting.md §3's worked example, over HTTP. */
export async function configureWorkedExampleOverHttp(admin: StackClient): Promise<void> {
  const settings = await admin.plugin('/settings', 'PUT', {
    ivaCreditAccount: '1110601001',
    retentionAccount: '2110501002',
    importFrom: '2025-01-01',
  });
  expect(settings.status, JSON.stringify(settings.body)).to.equal(200);
  await mapItemOverHttp(admin, 'invoice-categories', 'Combustible', {
    debitAccount: '4110201002',
    creditAccount: '2110701001',
  });
  await mapItemOverHttp(admin, 'categories', 'Alimentación', {
    debitAccount: '4110205001',
    creditAccount: '2110701001',
  });
  await mapItemOverHttp(admin, 'cost-centers', 'CC-210', { businessCenter: 'EMPNEGVTAVTA000' });
}
