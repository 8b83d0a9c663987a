import type { Knex } from 'knex';

export type OrderStatus = 'pending_payment' | 'paid';

export interface Order {
  id: string;
  companyId: string;
  sku: string;
  pluginId: string;
  amountClp: number;
  status: OrderStatus;
  createdBy: string;
  createdAt: string;
  paidAt: string | null;
  paymentEventId: string | null;
  activatedAt: string | null;
}

interface OrderRow {
  id: string;
  company_id: string;
  sku: string;
  plugin_id: string;
  amount_clp: number | string;
  status: string;
  created_by: string;
  created_at: string;
  paid_at: string | null;
  payment_event_id: string | null;
  activated_at: string | null;
}

export interface PaymentEventRecord {
  eventId: string;
  orderId: string;
  companyId: string;
  type: string;
  payloadJson: string;
  receivedAt: string;
}

const ORDERS = 'host_store_orders';
const EVENTS = 'host_payment_events';

function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    companyId: row.company_id,
    sku: row.sku,
    pluginId: row.plugin_id,
    // mysql2 returns BIGINT as a string when supportBigNumbers is on.
    amountClp: Number(row.amount_clp),
    status: row.status as OrderStatus,
    createdBy: row.created_by,
    createdAt: row.created_at,
    paidAt: row.paid_at,
    paymentEventId: row.payment_event_id,
    activatedAt: row.activated_at,
  };
}

function toRow(o: Order): OrderRow {
  return {
    id: o.id,
    company_id: o.companyId,
    sku: o.sku,
    plugin_id: o.pluginId,
    amount_clp: o.amountClp,
    status: o.status,
    created_by: o.createdBy,
    created_at: o.createdAt,
    paid_at: o.paidAt,
    payment_event_id: o.paymentEventId,
    activated_at: o.activatedAt,
  };
}

/** Store orders and the payment events that paid them. Company-scoped reads take the companyId. */
export class StoreRepository {
  constructor(private readonly db: Knex) {}

  async insertOrder(order: Order): Promise<void> {
    await this.db(ORDERS).insert(toRow(order));
  }

  async findOrder(companyId: string, orderId: string): Promise<Order | null> {
    const row = await this.db<OrderRow>(ORDERS).where({ company_id: companyId, id: orderId }).first();
    return row ? toOrder(row) : null;
  }

  /** Unscoped: only the signed payment webhook may look an order up without a company. */
  async findOrderForWebhook(orderId: string, trx: Knex = this.db): Promise<Order | null> {
    const row = await trx<OrderRow>(ORDERS).where({ id: orderId }).first();
    return row ? toOrder(row) : null;
  }

  async listOrders(companyId: string): Promise<Order[]> {
    const rows = await this.db<OrderRow>(ORDERS)
      .where({ company_id: companyId })
      .orderBy('created_at', 'desc');
    return rows.map(toOrder);
  }

  async findPendingOrder(companyId: string, sku: string): Promise<Order | null> {
    const row = await this.db<OrderRow>(ORDERS)
      .where({ company_id: companyId, sku, status: 'pending_payment' })
      .orderBy('created_at', 'desc')
      .first();
    return row ? toOrder(row) : null;
  }

  /** Marks a pending order paid; false when another event already paid it. */
  async markPaid(orderId: string, paidAt: string, eventId: string, trx: Knex = this.db): Promise<boolean> {
    const n = await trx(ORDERS)
      .where({ id: orderId, status: 'pending_payment' })
      .update({ status: 'paid', paid_at: paidAt, payment_event_id: eventId });
    return n === 1;
  }

  async markActivated(orderId: string, activatedAt: string): Promise<void> {
    await this.db(ORDERS)
      .where({ id: orderId })
      .whereNull('activated_at')
      .update({ activated_at: activatedAt });
  }

  /** Paid orders whose activation never completed (the host stopped between payment and activation). */
  async listPaidNotActivated(): Promise<Order[]> {
    const rows = await this.db<OrderRow>(ORDERS).where({ status: 'paid' }).whereNull('activated_at');
    return rows.map(toOrder);
  }

  async hasEvent(eventId: string, trx: Knex = this.db): Promise<boolean> {
    return (await trx(EVENTS).where({ event_id: eventId }).first()) !== undefined;
  }

  async insertEvent(e: PaymentEventRecord, trx: Knex = this.db): Promise<void> {
    await trx(EVENTS).insert({
      event_id: e.eventId,
      order_id: e.orderId,
      company_id: e.companyId,
      type: e.type,
      payload_json: e.payloadJson,
      received_at: e.receivedAt,
    });
  }

  async countEvents(orderId: string): Promise<number> {
    const [{ n }] = await this.db(EVENTS).where({ order_id: orderId }).count({ n: '*' });
    return Number(n);
  }
}
