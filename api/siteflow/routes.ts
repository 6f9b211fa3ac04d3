import { asIntake } from "@/lib/intake-pressure";
import type { FastifyRequest, FastifySchemaCompiler } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { z } from "zod";
import type { RoutingRule } from "@/db/schema/connectors";
import { AppError, notFound } from "@/lib/errors";
import { getEnv } from "@/lib/env";
import { sha256Hex } from "@/lib/crypto";
import { getCustomer } from "@/lib/services/customers";
import {
  cancelCustomerOrder,
  findCustomerOrder,
  findCustomerOrderRow,
  intakeOrder,
  listOrders,
  prepareOrder,
  replaceOrderContent,
  stableStringify,
} from "@/lib/services/orders";
import { contextFor } from "../plugins/request-context";
import { zodValidatorCompiler } from "../plugins/validation";
import {
  listQuery,
  orderEnvelopeSchema,
  orderIdParams,
  orderListSchema,
  routeParams,
  siteflowErrorSchema,
  siteflowOrderSchema,
  siteflowUpdateSchema,
  sourceCancelParams,
  successSchema,
} from "./schemas";
import { siteflowValidationError } from "./errors";
import { toCanonicalOrder, toSiteflowProblems, updateBody } from "./to-order";
import { toSiteflowOrder, toSiteflowSummary } from "./to-response";

const channel = "siteflow_api";
const tags = ["SiteFlow orders"];
const security = [{ siteflowHmac: [] }];
const errors = { 400: siteflowErrorSchema, 401: siteflowErrorSchema, 404: siteflowErrorSchema, 429: siteflowErrorSchema };

// Order bodies are validated by the dialect (the same code the order preview runs), so their
// schemas document the routes without a second validation pass here.
const bodyDocumentedOnly: FastifySchemaCompiler<z.ZodType> = (route) =>
  route.httpPart === "body" ? (data) => ({ value: data }) : zodValidatorCompiler(route);

function actorOf(request: FastifyRequest) {
  const actor = request.actor;
  if (actor?.type !== "connector") throw new AppError("unauthorized", "Sign the request with a SiteFlow connector's key");
  return { ctx: contextFor(request, actor), customerId: actor.customerId, connectorId: actor.connectorId };
}

/** Translates, resolves and checks an order body; validation problems become a 400/208. */
async function prepare(request: FastifyRequest, body: unknown, routingRule?: RoutingRule) {
  const { ctx, customerId } = actorOf(request);
  const parsed = toCanonicalOrder(body, { account: getEnv().SITEFLOW_ACCOUNT, routingRule });
  if (!parsed.ok) throw siteflowValidationError(parsed.problems);
  const prepared = await prepareOrder(ctx.db, customerId, parsed.input, parsed.paths);
  if (prepared.problems.length > 0) throw siteflowValidationError(toSiteflowProblems(prepared.problems));
  return prepared;
}

/** One of this customer's SiteFlow orders by `_id` (or sourceOrderId); any other is a 404. */
async function findOrder(request: FastifyRequest, reference: string) {
  const { ctx, customerId } = actorOf(request);
  const row = await findCustomerOrderRow(ctx, customerId, reference, channel);
  if (!row || row.channel !== channel) throw notFound("Order", reference);
  return row;
}

function routingRuleOf(request: FastifyRequest, key: string): RoutingRule {
  const rule = request.siteflowRoutingRules?.find((candidate) => candidate.key === key);
  if (!rule) throw new AppError("not_found", `No routing rule ${key} on this connector`, { reason: "routing_rule_not_found" });
  return rule;
}

export const siteflowRoutes: FastifyPluginAsyncZod = async (app) => {
  const account = () => getEnv().SITEFLOW_ACCOUNT;

  function submit(request: FastifyRequest, routingRule?: RoutingRule) {
    return asIntake(async () => {
      const { ctx, customerId, connectorId } = actorOf(request);
      const prepared = await prepare(request, request.body, routingRule);
      const payload = routingRule ? { routingRule: routingRule.key, body: request.body } : request.body;
      const { order } = await intakeOrder({ ctx, customerId, channel, connectorId, prepared, rawBody: request.rawBody ?? "", payload });
      return { success: true as const, order: toSiteflowOrder(order, account()) };
    });
  }

  // POST /api/siteflow/order – submit an order
  app.post(
    "/order",
    {
      schema: { tags, summary: "Submit an order", security, body: siteflowOrderSchema, response: { 201: orderEnvelopeSchema, ...errors } },
      validatorCompiler: bodyDocumentedOnly as never,
    },
    async (request, reply) => reply.status(201).send(await submit(request)),
  );

  // POST /api/siteflow/order/validate – check an order without storing it
  app.post(
    "/order/validate",
    {
      schema: { tags, summary: "Validate an order without submitting it", security, body: siteflowOrderSchema, response: { 200: successSchema, ...errors } },
      validatorCompiler: bodyDocumentedOnly as never,
    },
    async (request) => {
      const { ctx, customerId } = actorOf(request);
      const prepared = await prepare(request, request.body);
      const existing = await findCustomerOrderRow(ctx, customerId, prepared.order.externalId, channel);
      if (existing && existing.channel === channel && existing.externalId === prepared.order.externalId && existing.payloadHash !== sha256Hex(stableStringify(request.body))) {
        throw siteflowValidationError([{ path: "orderData.sourceOrderId", message: "an order with this sourceOrderId already exists with different content" }]);
      }
      return { success: true as const };
    },
  );

  // POST /api/siteflow/order/route/:key – submit an order through one of the connector's routing rules
  app.post(
    "/order/route/:key",
    {
      schema: {
        tags,
        summary: "Submit an order by routing rule",
        security,
        params: routeParams,
        body: siteflowOrderSchema,
        response: { 201: orderEnvelopeSchema, ...errors },
      },
      validatorCompiler: bodyDocumentedOnly as never,
    },
    async (request, reply) => reply.status(201).send(await submit(request, routingRuleOf(request, request.params.key))),
  );

  // GET /api/siteflow/order – this customer's SiteFlow orders, newest first (?page=1&pagesize=10)
  app.get(
    "/order",
    { schema: { tags, summary: "List orders", security, querystring: listQuery, response: { 200: orderListSchema, ...errors } } },
    async (request) => {
      const { ctx } = actorOf(request);
      const { page, pagesize } = request.query;
      const result = await listOrders({ ctx, input: { channel, limit: pagesize, offset: (page - 1) * pagesize } });
      return { data: result.data.map((order) => toSiteflowSummary(order, account())), page, pagesize, count: result.total ?? result.data.length };
    },
  );

  // GET /api/siteflow/order/:id – one order
  app.get(
    "/order/:id",
    { schema: { tags, summary: "Get an order", security, params: orderIdParams, response: { 200: orderEnvelopeSchema, ...errors } } },
    async (request) => {
      const { ctx, customerId } = actorOf(request);
      const row = await findOrder(request, request.params.id);
      const order = await findCustomerOrder(ctx, customerId, row.id, channel);
      return { success: true as const, order: toSiteflowOrder(order, account()) };
    },
  );

  // PUT /api/siteflow/order/:id – replace an order's orderData before production starts
  app.put(
    "/order/:id",
    {
      schema: {
        tags,
        summary: "Update an order",
        description: "The body is the new orderData (bare, or as {destination, orderData}). Refused with 400/208 once the order is in production.",
        security,
        params: orderIdParams,
        body: siteflowUpdateSchema,
        response: { 200: orderEnvelopeSchema, ...errors },
      },
      validatorCompiler: bodyDocumentedOnly as never,
    },
    async (request) => {
      const { ctx, customerId } = actorOf(request);
      const row = await findOrder(request, request.params.id);
      const body = updateBody(request.body, { sourceOrderId: row.externalId, account: account() });
      const rule = row.routingRuleKey ? request.siteflowRoutingRules?.find((candidate) => candidate.key === row.routingRuleKey) : undefined;
      const prepared = await prepare(request, body, rule);
      const order = await replaceOrderContent({ ctx, customerId, orderId: row.id, prepared, rawBody: request.rawBody ?? "", payload: body });
      return { success: true as const, order: toSiteflowOrder(order, account()) };
    },
  );

  // PUT /api/siteflow/order/:id/cancel – cancel an order
  app.put(
    "/order/:id/cancel",
    { schema: { tags, summary: "Cancel an order", security, params: orderIdParams, response: { 200: orderEnvelopeSchema, ...errors } } },
    async (request) => {
      const { ctx, customerId } = actorOf(request);
      const row = await findOrder(request, request.params.id);
      const order = await cancelCustomerOrder({ ctx, customerId, orderId: row.id, message: "Canceled through the SiteFlow API" });
      return { success: true as const, order: toSiteflowOrder(order, account()) };
    },
  );

  // PUT /api/siteflow/order/:sourceAccount/:sourceOrderId/cancel – cancel by the customer's own order id
  app.put(
    "/order/:sourceAccount/:sourceOrderId/cancel",
    {
      schema: {
        tags,
        summary: "Cancel an order by sourceOrderId",
        description: "sourceAccount is the customer's reference id (or its Inkbridge id).",
        security,
        params: sourceCancelParams,
        response: { 200: orderEnvelopeSchema, ...errors },
      },
    },
    async (request) => {
      const { ctx, customerId } = actorOf(request);
      const { sourceAccount, sourceOrderId } = request.params;
      const customer = await getCustomer({ ctx, customerId });
      if (sourceAccount !== customer.id && sourceAccount !== customer.referenceId) throw notFound("Order", `${sourceAccount}/${sourceOrderId}`);
      const row = await findOrder(request, sourceOrderId);
      if (row.externalId !== sourceOrderId) throw notFound("Order", `${sourceAccount}/${sourceOrderId}`);
      const order = await cancelCustomerOrder({ ctx, customerId, orderId: row.id, message: "Canceled through the SiteFlow API" });
      return { success: true as const, order: toSiteflowOrder(order, account()) };
    },
  );

  // Anything else under /api/siteflow is a 404 in Site Flow's error shape.
  const noRoute = async (request: FastifyRequest) => {
    throw new AppError("not_found", `No route ${request.method} ${request.url.split("?")[0]}`);
  };
  app.all("/", { schema: { hide: true } }, noRoute);
  app.all("/*", { schema: { hide: true } }, noRoute);
};
