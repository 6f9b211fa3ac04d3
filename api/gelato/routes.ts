import { asIntake } from "@/lib/intake-pressure";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors";
import { getShippingMethodNames } from "@/lib/services/catalog";
import {
  cancelCustomerOrder,
  convertDraftToOrder,
  deleteDraft,
  findCustomerOrder,
  findCustomerOrderRow,
  intakeOrder,
  listOrderDetails,
  prepareOrder,
  updateOrderShipment,
} from "@/lib/services/orders";
import { contextFor } from "../plugins/request-context";
import { splitAction } from "../plugins/actions";
import {
  gelatoCancelResponse,
  gelatoCreateOrder,
  gelatoError,
  gelatoOrderResponse,
  gelatoPatchOrder,
  gelatoSearch,
  gelatoSearchResponse,
  gelatoShipmentUpdateResponse,
  gelatoUpdateShipment,
  isStorableText,
  orderActionParams,
  orderIdParams,
} from "./schemas";
import { gelatoOrderPaths, shipmentPaths, toCanonicalOrder, toOrderQuery, toShipmentChange } from "./to-order";
import { toGelatoOrder, toGelatoOrderSummary, toGelatoShipmentUpdate } from "./to-response";

const tags = ["Gelato orders"];
const security = [{ gelatoKey: [] }];
const errors = { 400: gelatoError, 401: gelatoError, 404: gelatoError, 409: gelatoError, 429: gelatoError };

/** The authenticated connector, its customer and a service context. */
function callerOf(request: FastifyRequest) {
  const actor = request.actor;
  if (actor?.type !== "connector") throw new AppError("unauthorized", "Access denied. Token is invalid.");
  return { ctx: contextFor(request), customerId: actor.customerId, connectorId: actor.connectorId };
}

function orderNotFound(reference: string): AppError {
  return new AppError("not_found", `Order ${reference.slice(0, 200)} not found`, { reason: "order_not_found" });
}

/** An order id or orderReferenceId from the path; one that no order can have is simply not found. */
function referenceOf(raw: string): string {
  if (raw.length === 0 || raw.length > 200 || !isStorableText(raw)) throw orderNotFound(raw);
  return raw;
}

/** One of the caller's orders by id, UUID or orderReferenceId (another customer's is a 404). */
async function findOrderRow(request: FastifyRequest, raw: string) {
  const { ctx, customerId } = callerOf(request);
  const reference = referenceOf(raw);
  const row = await findCustomerOrderRow(ctx, customerId, reference, "gelato_api");
  if (!row) throw orderNotFound(reference);
  return row;
}

function actionOf(target: string, allowed: readonly string[]) {
  try {
    return splitAction(target, allowed);
  } catch (error) {
    if (isAppError(error)) throw new AppError("not_found", error.message, { reason: "not_found" });
    throw error;
  }
}

export const gelatoRoutes: FastifyPluginAsyncZod = async (app) => {
  // POST /api/gelato/v4/orders – create an order (or a draft); repeating it returns the same order
  app.post(
    "/v4/orders",
    { schema: { tags, security, summary: "Create an order", body: gelatoCreateOrder, response: { 200: gelatoOrderResponse, ...errors } } },
    async (request) =>
      asIntake(async () => {
        const { ctx, customerId, connectorId } = callerOf(request);
        const body = request.body;
        const prepared = await prepareOrder(ctx.db, customerId, toCanonicalOrder(body), gelatoOrderPaths(body));
        const { order } = await intakeOrder({
          ctx,
          customerId,
          channel: "gelato_api",
          connectorId,
          prepared,
          rawBody: request.rawBody ?? JSON.stringify(body),
          payload: body,
        });
        return toGelatoOrder(order, await getShippingMethodNames(ctx.db));
      }),
  );

  // POST /api/gelato/v4/orders:search – the caller's orders, newest first, with v4 filters
  app.post(
    "/v4/orders::search",
    { schema: { tags, security, summary: "Search orders", body: gelatoSearch.nullish(), response: { 200: gelatoSearchResponse, ...errors } } },
    async (request) => {
      const { ctx } = callerOf(request);
      const query = toOrderQuery(request.body ?? {});
      if (!query) return { orders: [] };
      const page = await listOrderDetails({ ctx, input: query });
      return { orders: page.data.map(toGelatoOrderSummary) };
    },
  );

  // GET /api/gelato/v4/orders/:orderId – one order by its id or orderReferenceId
  app.get(
    "/v4/orders/:orderId",
    { schema: { tags, security, summary: "Get an order", params: orderIdParams, response: { 200: gelatoOrderResponse, ...errors } } },
    async (request) => {
      const { ctx, customerId } = callerOf(request);
      const reference = referenceOf(request.params.orderId);
      const order = await findCustomerOrder(ctx, customerId, reference, "gelato_api").catch((error: unknown) => {
        throw isAppError(error) && error.code === "not_found" ? orderNotFound(reference) : error;
      });
      return toGelatoOrder(order, await getShippingMethodNames(ctx.db));
    },
  );

  // POST /api/gelato/v4/orders/{orderId}:cancel – cancel an order that is not printed yet
  app.post(
    "/v4/orders/:target",
    { schema: { tags, security, summary: "Cancel an order ({orderId}:cancel)", params: orderActionParams, response: { 200: gelatoCancelResponse, ...errors } } },
    async (request) => {
      const { ctx, customerId } = callerOf(request);
      const { id } = actionOf(request.params.target, ["cancel"]);
      const row = await findOrderRow(request, id);
      await cancelCustomerOrder({ ctx, customerId, orderId: row.id, message: "Canceled through the Gelato API" });
      return { code: 200 as const, message: "OK" as const };
    },
  );

  // PUT /api/gelato/v4/orders/:orderId/shipment – change the shipping method and/or address before shipping
  app.put(
    "/v4/orders/:orderId/shipment",
    {
      schema: {
        tags,
        security,
        summary: "Update an order's shipment",
        params: orderIdParams,
        body: gelatoUpdateShipment,
        response: { 200: gelatoShipmentUpdateResponse, ...errors },
      },
    },
    async (request) => {
      const { ctx, customerId } = callerOf(request);
      const row = await findOrderRow(request, request.params.orderId);
      const order = await updateOrderShipment({ ctx, customerId, orderId: row.id, change: toShipmentChange(request.body), paths: shipmentPaths });
      return toGelatoShipmentUpdate(order, await getShippingMethodNames(ctx.db));
    },
  );

  // PATCH /api/gelato/v4/orders/:orderId – turn a draft into an order
  app.patch(
    "/v4/orders/:orderId",
    {
      schema: {
        tags,
        security,
        summary: "Turn a draft into an order",
        params: orderIdParams,
        body: gelatoPatchOrder,
        response: { 200: gelatoOrderResponse, ...errors },
      },
    },
    async (request) => {
      const { ctx, customerId } = callerOf(request);
      const row = await findOrderRow(request, request.params.orderId);
      const order = await convertDraftToOrder({ ctx, customerId, orderId: row.id });
      return toGelatoOrder(order, await getShippingMethodNames(ctx.db));
    },
  );

  // DELETE /api/gelato/v4/orders/:orderId – delete a draft
  app.delete(
    "/v4/orders/:orderId",
    { schema: { tags, security, summary: "Delete a draft", params: orderIdParams, response: { 204: z.null().describe("Deleted"), ...errors } } },
    async (request, reply) => {
      const { ctx, customerId } = callerOf(request);
      const row = await findOrderRow(request, request.params.orderId);
      await deleteDraft({ ctx, customerId, orderId: row.id });
      return reply.status(204).send(null);
    },
  );

  // Anything else under /api/gelato answers in this dialect; an order path whose id is too long
  // for the router is still an order that does not exist.
  app.all("/*", { schema: { hide: true } }, async (request) => {
    const path = request.url.split("?")[0]!;
    const orderPath = /\/v4\/orders\/([^/]+)(\/shipment)?$/.exec(path);
    if (orderPath) throw orderNotFound(orderPath[1]!);
    throw new AppError("not_found", `No route ${request.method} ${path}`, { reason: "not_found" });
  });
};
