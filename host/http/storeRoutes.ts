import type { FastifyInstance } from 'fastify';
import type { Order } from '../store/StoreRepository';
import type { StoreService } from '../store/StoreService';
import { SIGNATURE_HEADER } from '../store/webhookSignature';
import type { Authenticate } from './auth';

export const WEBHOOK_PATH = '/api/store/webhooks/payment';

function orderBody(o: Order) {
  return {
    id: o.id,
    sku: o.sku,
    pluginId: o.pluginId,
    amountClp: o.amountClp,
    status: o.status,
    createdAt: o.createdAt,
    paidAt: o.paidAt,
    activatedAt: o.activatedAt,
  };
}

const orderCreateBody = {
  type: 'object',
  required: ['sku'],
  additionalProperties: false,
  properties: { sku: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;

export function registerStoreRoutes(app: FastifyInstance, store: StoreService, auth: Authenticate): void {
  app.get('/api/store/items', async (req) => ({ items: await store.items(await auth(req)) }));

  app.get('/api/store/orders', async (req) => ({
    orders: (await store.listOrders(await auth(req))).map(orderBody),
  }));

  app.get<{ Params: { id: string } }>('/api/store/orders/:id', async (req) => ({
    order: orderBody(await store.getOrder(await auth(req), req.params.id)),
  }));

  app.post<{ Body: { sku: string } }>(
    '/api/store/orders',
    // Authenticate before validating, so an anonymous caller learns nothing about the body.
    { preValidation: async (req) => void (await auth(req)), schema: { body: orderCreateBody } },
    async (req, reply) => {
      const { order, created } = await store.createOrder(await auth(req), req.body.sku);
      return reply.code(created ? 201 : 200).send({ order: orderBody(order) });
    },
  );

  app.post<{ Params: { id: string } }>('/api/store/orders/:id/pay', async (req) => {
    const principal = await auth(req);
    const order = await store.pay(principal, req.params.id);
    return { order: orderBody(order), message: store.confirmation(principal, order) };
  });

  // The webhook needs the exact bytes the provider signed, so this scope parses JSON as a raw buffer.
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
      done(null, body),
    );
    scope.post<{ Body: Buffer }>(WEBHOOK_PATH, async (req, reply) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const signature = req.headers[SIGNATURE_HEADER];
      const outcome = await store.handleWebhook(raw, typeof signature === 'string' ? signature : undefined);
      return reply.code(outcome.status).send(outcome.body);
    });
  });
}
