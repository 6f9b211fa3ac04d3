import type { FastifyPluginAsync, FastifyReply } from "fastify";
import { getDb } from "@/lib/runtime";
import { receiveWebhook, type WebhookReceipt } from "@/lib/services/stores/receive-webhook";

const hidden = { schema: { hide: true } };

export const webhookRoutes: FastifyPluginAsync = async (app) => {
  const answer = (reply: FastifyReply, receipt: WebhookReceipt) => {
    if (receipt.status !== 200) {
      const code = receipt.status === 400 ? "bad_request" : receipt.status === 401 ? "unauthorized" : "not_found";
      return reply.status(receipt.status).send({ error: { code, message: receipt.message } });
    }
    return reply.status(200).send({ ok: true, outcome: receipt.outcome });
  };

  // POST /api/webhooks/shopify – Shopify order, app and compliance topics (verified, stored, queued, acknowledged)
  app.post("/shopify", hidden, async (request, reply) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    return answer(reply, await receiveWebhook({ db: getDb(), log: request.log, platform: "shopify", headers: request.headers, rawBody: body }));
  });

  // POST /api/webhooks/woocommerce/{storeId} – one WooCommerce store's order and product topics; its unsigned ping answered 200
  app.post<{ Params: { storeId: string } }>("/woocommerce/:storeId", hidden, async (request, reply) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    return answer(reply, await receiveWebhook({ db: getDb(), log: request.log, platform: "woocommerce", headers: request.headers, rawBody: body, storeId: request.params.storeId }));
  });

  // POST /api/webhooks/etsy – Etsy's Standard Webhooks hints (order.paid): verified, stored, queued; the job fetches the receipt
  app.post("/etsy", hidden, async (request, reply) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const receipt = await receiveWebhook({ db: getDb(), log: request.log, platform: "etsy", headers: request.headers, rawBody: body });
    if (receipt.status !== 200) {
      const code = receipt.status === 400 ? "bad_request" : receipt.status === 401 ? "unauthorized" : "not_found";
      return reply.status(receipt.status).send({ error: { code, message: receipt.message } });
    }
    return reply.status(200).send({ ok: true, outcome: receipt.outcome });
  });

  // Any other method on a webhook address: 405 naming the one that works.
  app.route({
    method: ["GET", "PUT", "PATCH", "DELETE"],
    url: "/etsy",
    ...hidden,
    handler: async (_request, reply) => reply.status(405).header("allow", "POST").send({ error: { code: "method_not_allowed", message: "Webhooks are delivered with POST" } }),
  });
  app.route({
    method: ["GET", "PUT", "PATCH", "DELETE"],
    url: "/shopify",
    ...hidden,
    handler: async (_request, reply) => reply.status(405).header("allow", "POST").send({ error: { code: "method_not_allowed", message: "Webhooks are delivered with POST" } }),
  });
  app.route({
    method: ["GET", "PUT", "PATCH", "DELETE"],
    url: "/woocommerce/:storeId",
    ...hidden,
    handler: async (_request, reply) => reply.status(405).header("allow", "POST").send({ error: { code: "method_not_allowed", message: "Webhooks are delivered with POST" } }),
  });
};
