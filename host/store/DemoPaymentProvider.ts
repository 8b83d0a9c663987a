import { randomBytes } from 'node:crypto';
import type { Clock } from '../../plugin/index';
import { HttpError } from '../http/errors';
import type { Order } from './StoreRepository';
import { SIGNATURE_HEADER, signPayload } from './webhookSignature';

/** What the payment provider posts to the store's webhook. */
export interface PaymentEvent {
  /** Unique per event; a redelivery carries the same id. */
  id: string;
  type: 'payment.succeeded';
  created: string;
  data: { orderId: string; amountClp: number; currency: 'CLP' };
}

export interface WebhookDelivery {
  eventId: string;
  status: number;
  body: unknown;
}

/**
 * The demo's stand-in for a payment provider: it "charges" at once and then does what a real
 * provider does, a signed POST to the store's webhook over HTTP. The store trusts only that webhook.
 */
export class DemoPaymentProvider {
  constructor(
    private readonly secret: string | Buffer,
    /** The webhook URL on the host's own listening address; null until the server listens. */
    private readonly webhookUrl: () => string | null,
    private readonly clock: Clock,
  ) {}

  async charge(order: Order): Promise<WebhookDelivery> {
    const url = this.webhookUrl();
    if (!url) {
      throw new HttpError(
        503,
        'PAYMENT_UNAVAILABLE',
        'El servidor aún no escucha conexiones; no se puede confirmar el pago.',
      );
    }
    const event: PaymentEvent = {
      id: `evt_${randomBytes(12).toString('hex')}`,
      type: 'payment.succeeded',
      created: this.clock.now().toISOString(),
      data: { orderId: order.id, amountClp: order.amountClp, currency: 'CLP' },
    };
    return this.deliver(url, event);
  }

  /** Posts one event, signed; also used to redeliver an event exactly as a provider retry would. */
  async deliver(url: string, event: PaymentEvent): Promise<WebhookDelivery> {
    const raw = JSON.stringify(event);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signPayload(this.secret, raw) },
      body: raw,
      signal: AbortSignal.timeout(15_000),
    });
    const body: unknown = await res.json().catch(() => null);
    return { eventId: event.id, status: res.status, body };
  }
}
