import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { platforms } from "@/connectors/types";
import { storeStatuses, webhookEventStatuses } from "@/db/schema/enums";
import { routeText } from "@/lib/route-params";
import {
  connectStore,
  connectStoreInput,
  disconnectStore,
  getStore,
  healthStates,
  ignoreVariant,
  linkVariant,
  linkVariantInput,
  listStores,
  listWebhookEvents,
  replayWebhookEvent,
  syncStore,
  updateStore,
  updateStoreInput,
} from "@/lib/services/stores";
import { contextFor } from "../../plugins/request-context";
import { splitAction } from "../../plugins/actions";
import { actionParams, idParams, listQuery } from "../schemas";

const tags = ["Stores"];

export const storeRoutes: FastifyPluginAsyncZod = async (app) => {
  // POST /api/admin/v1/customers/:id/stores – connect a shop by credentials (checked with the platform first)
  app.post(
    "/customers/:id/stores",
    { schema: { tags, summary: "Connect a store by credentials", params: idParams, body: connectStoreInput } },
    async (request, reply) => reply.status(201).send(await connectStore({ ctx: contextFor(request), customerId: request.params.id, input: request.body })),
  );

  // GET /api/admin/v1/stores – stores with their health (?customerId=&platform=&state=)
  app.get(
    "/stores",
    {
      schema: {
        tags,
        summary: "List stores",
        querystring: listQuery.extend({
          customerId: routeText(100).optional(),
          platform: z.enum(platforms).optional(),
          status: z.enum(storeStatuses).optional(),
          state: z.enum(healthStates).optional(),
          health: z.enum(healthStates).optional(),
        }),
      },
    },
    async (request) => {
      const { health, state, ...rest } = request.query;
      return listStores({ ctx: contextFor(request), input: { ...rest, state: state ?? health } });
    },
  );

  // GET /api/admin/v1/stores/:id – one store with its health
  app.get("/stores/:id", { schema: { tags, summary: "Get a store", params: idParams } }, async (request) =>
    getStore({ ctx: contextFor(request), storeId: request.params.id }),
  );

  // PATCH /api/admin/v1/stores/:id – rename, or switch approval mode
  app.patch("/stores/:id", { schema: { tags, summary: "Update a store", params: idParams, body: updateStoreInput } }, async (request) =>
    updateStore({ ctx: contextFor(request), storeId: request.params.id, input: request.body }),
  );

  // DELETE /api/admin/v1/stores/:id – disconnect: subscriptions removed, credentials forgotten, orders kept
  app.delete("/stores/:id", { schema: { tags, summary: "Disconnect a store", params: idParams } }, async (request, reply) => {
    await disconnectStore({ ctx: contextFor(request), storeId: request.params.id });
    return reply.status(204).send();
  });

  // POST /api/admin/v1/stores/{id}:sync – reconciliation now
  app.post("/stores/:target", { schema: { tags, summary: "Sync a store now ({id}:sync)", params: actionParams } }, async (request, reply) => {
    const { id } = splitAction(request.params.target, ["sync"]);
    return reply.status(202).send(await syncStore({ ctx: contextFor(request), storeId: id }));
  });

  // POST /api/admin/v1/stores/:id/links – link a shop variant (or a whole product) to a catalog product and its files
  app.post("/stores/:id/links", { schema: { tags, summary: "Link a shop variant to a product", params: idParams, body: linkVariantInput } }, async (request, reply) =>
    reply.status(201).send(await linkVariant({ ctx: contextFor(request), storeId: request.params.id, input: request.body })),
  );

  // POST /api/admin/v1/stores/:id/variants/{variantId}:ignore – leave a shop variant out of orders
  app.post(
    "/stores/:id/variants/:target",
    { schema: { tags, summary: "Ignore a shop variant ({variantId}:ignore)", params: idParams.extend({ target: actionParams.shape.target }) } },
    async (request, reply) => {
      const { id } = splitAction(request.params.target, ["ignore"]);
      await ignoreVariant({ ctx: contextFor(request), storeId: request.params.id, input: { externalVariantId: id } });
      return reply.status(204).send();
    },
  );

  // GET /api/admin/v1/webhook-events – inbound shop deliveries with their outcome (?storeId=&status=)
  app.get(
    "/webhook-events",
    {
      schema: {
        tags,
        summary: "List inbound webhook deliveries",
        querystring: listQuery.extend({ storeId: routeText(100).optional(), status: z.enum(webhookEventStatuses).optional() }),
      },
    },
    async (request) => listWebhookEvents({ ctx: contextFor(request), input: request.query }),
  );

  // POST /api/admin/v1/webhook-events/{id}:replay – process a stored delivery again
  app.post("/webhook-events/:target", { schema: { tags, summary: "Replay a webhook delivery ({id}:replay)", params: actionParams } }, async (request, reply) => {
    const { id } = splitAction(request.params.target, ["replay"]);
    return reply.status(202).send(await replayWebhookEvent({ ctx: contextFor(request), eventId: id }));
  });
};
