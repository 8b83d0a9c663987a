import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { type Clock, type LicenseStatus, type Logger, type StoreOrder } from '../../plugin/index';
import { isUniqueViolation } from '../../shared/db/database';
import { RepeatedFailureLog } from '../../shared/RepeatedFailureLog';
import type { Principal } from '../accounts/SessionService';
import { HttpError, notFound } from '../http/errors';
import type { PluginManifest } from '../pluginLoader';
import type { DemoPaymentProvider, PaymentEvent } from './DemoPaymentProvider';
import type { Order, StoreRepository } from './StoreRepository';
import { activationMessage, priceLabel } from './storeWording';
import { verifySignature } from './webhookSignature';

/** What the store sells: a plugin, with how to activate it and read its license. */
export interface StoreProduct {
  manifest: PluginManifest;
  activate(companyId: string, order: StoreOrder): Promise<void>;
  licenseStatus(companyId: string): Promise<LicenseStatus>;
}

export const STORE_ROOT = 'Tienda Digital';

export interface StoreItem {
  sku: string;
  pluginId: string;
  title: string;
  description: string;
  priceClp: number;
  currency: 'CLP';
  billing: 'monthly' | 'one-time';
  priceIncludesIva: boolean;
  /** The price as the store shows it, e.g. "$29.900 mensual, IVA incluido". */
  priceLabel: string;
  /** Where it sits in the store, e.g. Tienda Digital › Integraciones › Funcionalidades › Integración Rindegastos. */
  path: string[];
  licenseStatus: LicenseStatus;
  owned: boolean;
  pendingOrderId: string | null;
}

export interface WebhookOutcome {
  status: number;
  body: { received: boolean; duplicate?: boolean; orderId?: string; activated?: boolean };
}

export interface StoreServiceDeps {
  db: Knex;
  orders: StoreRepository;
  products: StoreProduct[];
  provider: DemoPaymentProvider;
  webhookSecret: string | Buffer;
  clock: Clock;
  logger: Logger;
  /** Called after a company's plugin was activated (e.g. to start its jobs at once). */
  onActivated?: (companyId: string) => void;
}

function requireAdmin(principal: Principal): void {
  if (!principal.isCompanyAdmin) {
    throw new HttpError(
      403,
      'NOT_ALLOWED',
      'Solo un administrador de la empresa puede comprar y pagar en la Tienda Digital.',
    );
  }
}

function parseEvent(raw: Buffer): PaymentEvent | null {
  let v: unknown;
  try {
    v = JSON.parse(raw.toString('utf8'));
  } catch {
    return null;
  }
  const e = v as Partial<PaymentEvent> | null;
  const ok =
    typeof e?.id === 'string' &&
    e.id.length > 0 &&
    e.id.length <= 100 &&
    e.type === 'payment.succeeded' &&
    typeof e.created === 'string' &&
    typeof e.data?.orderId === 'string' &&
    Number.isSafeInteger(e.data.amountClp) &&
    e.data.currency === 'CLP';
  return ok ? (e as PaymentEvent) : null;
}

/**
 * The store: catalog, orders, demo payment and the payment webhook. A paid order activates its
 * plugin for the company with no other step; the webhook is the only way an order becomes paid.
 */
export class StoreService {
  /** A webhook refused again and again (a wrong secret, a probe) logs once, with a count. */
  private readonly webhookFailures: RepeatedFailureLog;

  constructor(private readonly deps: StoreServiceDeps) {
    this.webhookFailures = new RepeatedFailureLog(deps.logger, 'warn');
  }

  private product(sku: string): StoreProduct {
    const p = this.deps.products.find((x) => x.manifest.store.sku === sku);
    if (!p) throw notFound(`El producto ${sku}`);
    return p;
  }

  async items(principal: Principal): Promise<StoreItem[]> {
    return Promise.all(
      this.deps.products.map(async ({ manifest, licenseStatus }) => {
        const status = await licenseStatus(principal.companyId);
        const pending = await this.deps.orders.findPendingOrder(principal.companyId, manifest.store.sku);
        return {
          sku: manifest.store.sku,
          pluginId: manifest.id,
          title: manifest.store.title,
          description: manifest.store.description,
          priceClp: manifest.store.priceClp,
          currency: 'CLP' as const,
          billing: manifest.store.billing,
          priceIncludesIva: manifest.store.priceIncludesIva,
          priceLabel: priceLabel(manifest.store),
          path: [STORE_ROOT, ...manifest.store.path, manifest.store.title],
          licenseStatus: status,
          owned: status === 'active',
          pendingOrderId: pending?.id ?? null,
        };
      }),
    );
  }

  /** Places an order awaiting payment; an existing unpaid order for the same product is returned instead. */
  async createOrder(principal: Principal, sku: string): Promise<{ order: Order; created: boolean }> {
    requireAdmin(principal);
    const product = this.product(sku);
    if ((await product.licenseStatus(principal.companyId)) === 'active') {
      throw new HttpError(
        409,
        'ALREADY_OWNED',
        `La empresa ya tiene activa la ${product.manifest.store.title}.`,
      );
    }
    const pending = await this.deps.orders.findPendingOrder(principal.companyId, sku);
    if (pending) return { order: pending, created: false };
    const order: Order = {
      id: randomUUID(),
      companyId: principal.companyId,
      sku,
      pluginId: product.manifest.id,
      amountClp: product.manifest.store.priceClp,
      status: 'pending_payment',
      createdBy: principal.userId,
      createdAt: this.deps.clock.now().toISOString(),
      paidAt: null,
      paymentEventId: null,
      activatedAt: null,
    };
    await this.deps.orders.insertOrder(order);
    this.deps.logger.info({ companyId: order.companyId, orderId: order.id, sku }, 'store order placed');
    return { order, created: true };
  }

  listOrders(principal: Principal): Promise<Order[]> {
    return this.deps.orders.listOrders(principal.companyId);
  }

  async getOrder(principal: Principal, orderId: string): Promise<Order> {
    // Scoped by the session's company: another company's order is indistinguishable from none.
    const order = await this.deps.orders.findOrder(principal.companyId, orderId);
    if (!order) throw notFound('El pedido');
    return order;
  }

  /** What the buyer reads once `order` is paid and active, e.g. "Pago confirmado. La … quedó activa para …". */
  confirmation(principal: Principal, order: Order): string {
    return activationMessage(this.product(order.sku).manifest.store.title, principal.company.name);
  }

  /** Demo payment: the provider charges and calls the webhook; the order is paid only through it. */
  async pay(principal: Principal, orderId: string): Promise<Order> {
    requireAdmin(principal);
    const order = await this.getOrder(principal, orderId);
    if (order.status === 'paid') {
      if (order.activatedAt) throw new HttpError(409, 'ALREADY_PAID', 'El pedido ya está pagado.');
      // Paid, but the activation failed: finish it without charging again.
      await this.activate(order);
      return this.getOrder(principal, orderId);
    }
    const delivery = await this.deps.provider.charge(order);
    if (delivery.status < 200 || delivery.status >= 300) {
      this.webhookFailures.failed(
        'delivery',
        String(delivery.status),
        { orderId, status: delivery.status, body: delivery.body },
        'payment webhook refused',
      );
      throw new HttpError(
        502,
        'PAYMENT_NOT_CONFIRMED',
        'El proveedor de pagos no pudo confirmar el pago; intente de nuevo.',
      );
    }
    this.webhookFailures.succeeded('delivery');
    return this.getOrder(principal, orderId);
  }

  /**
   * The payment webhook. Checks the HMAC over the raw body, records the event id (unique: a
   * redelivery changes nothing), marks the order paid and activates the plugin for its company.
   */
  async handleWebhook(rawBody: Buffer, signature: string | undefined): Promise<WebhookOutcome> {
    const { orders, clock, logger } = this.deps;
    if (!verifySignature(this.deps.webhookSecret, rawBody, signature)) {
      this.webhookFailures.failed(
        'signature',
        'bad-signature',
        { bytes: rawBody.length },
        'payment webhook with a bad signature refused',
      );
      throw new HttpError(401, 'INVALID_SIGNATURE', 'Firma del webhook de pago inválida.');
    }
    const event = parseEvent(rawBody);
    if (!event) throw new HttpError(400, 'VALIDATION', 'Evento de pago con formato desconocido.');

    const now = clock.now().toISOString();
    this.webhookFailures.succeeded('signature');
    const result = await this.deps.db
      .transaction(async (trx) => {
        if (await orders.hasEvent(event.id, trx)) return { duplicate: true as const };
        const order = await orders.findOrderForWebhook(event.data.orderId, trx);
        if (!order) throw notFound('El pedido del evento de pago');
        if (order.amountClp !== event.data.amountClp) {
          throw new HttpError(422, 'AMOUNT_MISMATCH', 'El monto pagado no coincide con el del pedido.');
        }
        await orders.insertEvent(
          {
            eventId: event.id,
            orderId: order.id,
            companyId: order.companyId,
            type: event.type,
            payloadJson: rawBody.toString('utf8'),
            receivedAt: now,
          },
          trx,
        );
        await orders.markPaid(order.id, now, event.id, trx);
        return { duplicate: false as const };
      })
      .catch((err: unknown) => {
        // Two deliveries of one event racing: the loser sees the unique key, which means "already received".
        if (isUniqueViolation(err)) return { duplicate: true as const };
        throw err;
      });

    const order = await orders.findOrderForWebhook(event.data.orderId);
    if (!order) throw notFound('El pedido del evento de pago');
    if (result.duplicate) logger.info({ eventId: event.id, orderId: order.id }, 'duplicate payment event');
    // Activation runs for a paid order not yet activated: the first delivery, or a redelivery
    // after an activation that failed. Otherwise nothing changes.
    if (!order.activatedAt) await this.activate(order);
    return {
      status: 200,
      body: { received: true, duplicate: result.duplicate, orderId: order.id, activated: true },
    };
  }

  /** Finishes activations a crash interrupted between payment and activation. */
  async resumeActivations(): Promise<number> {
    const pending = await this.deps.orders.listPaidNotActivated();
    for (const order of pending) await this.activate(order);
    return pending.length;
  }

  private async activate(order: Order): Promise<void> {
    if (order.status !== 'paid' || !order.paidAt) return;
    const product = this.product(order.sku);
    await product.activate(order.companyId, { id: order.id, sku: order.sku, paidAt: order.paidAt });
    await this.deps.orders.markActivated(order.id, this.deps.clock.now().toISOString());
    this.deps.logger.info(
      { companyId: order.companyId, orderId: order.id, pluginId: order.pluginId },
      'plugin activated by payment',
    );
    this.deps.onActivated?.(order.companyId);
  }
}
