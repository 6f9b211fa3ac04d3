import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { postbackStatuses } from "@/db/schema/enums";
import { contextFor } from "../../plugins/request-context";
import { splitAction } from "../../plugins/actions";
import {
  createTrigger,
  createTriggerInput,
  deleteTrigger,
  getDelivery,
  getPostbackSecret,
  listDeliveries,
  listTriggers,
  resendPostback,
  rotatePostbackSecret,
  sendTestPostback,
} from "@/lib/services/postbacks";
import { actionParams, idParams, listQuery } from "../schemas";
import { routeText } from "@/lib/route-params";

export const postbackRoutes: FastifyPluginAsyncZod = async (app) => {
  // POST /api/admin/v1/customers/:id/triggers – subscribe a customer to order events (URL or email)
  app.post(
    "/customers/:id/triggers",
    { schema: { tags: ["Postbacks"], summary: "Create a postback trigger", params: idParams, body: createTriggerInput } },
    async (request, reply) => reply.status(201).send(await createTrigger({ ctx: contextFor(request), customerId: request.params.id, input: request.body })),
  );

  // GET /api/admin/v1/customers/:id/triggers – a customer's triggers (header values hidden)
  app.get("/customers/:id/triggers", { schema: { tags: ["Postbacks"], summary: "List a customer's postback triggers", params: idParams } }, async (request) => ({
    data: await listTriggers({ ctx: contextFor(request), customerId: request.params.id }),
    nextCursor: null,
  }));

  // DELETE /api/admin/v1/triggers/:id – delete a trigger and its delivery log
  app.delete("/triggers/:id", { schema: { tags: ["Postbacks"], summary: "Delete a postback trigger", params: idParams } }, async (request, reply) => {
    await deleteTrigger({ ctx: contextFor(request), triggerId: request.params.id });
    return reply.status(204).send();
  });

  // POST /api/admin/v1/triggers/{id}:test – send one signed postback.test through a trigger
  app.post("/triggers/:target", { schema: { tags: ["Postbacks"], summary: "Send a test postback ({id}:test)", params: actionParams } }, async (request, reply) => {
    const { id } = splitAction(request.params.target, ["test"]);
    return reply.status(202).send(await sendTestPostback({ ctx: contextFor(request), triggerId: id }));
  });

  // GET /api/admin/v1/customers/:id/postback-secret – the key postbacks are signed with (made on first use)
  app.get("/customers/:id/postback-secret", { schema: { tags: ["Postbacks"], summary: "Get the postback signing secret", params: idParams } }, async (request) =>
    getPostbackSecret({ ctx: contextFor(request), customerId: request.params.id }),
  );

  // POST /api/admin/v1/customers/{id}/postback-secret:rotate – a new secret; the old one signs too for 24 h
  app.post(
    "/customers/:id/postback-secret::rotate",
    { schema: { tags: ["Postbacks"], summary: "Rotate the postback signing secret", params: idParams } },
    async (request) => rotatePostbackSecret({ ctx: contextFor(request), customerId: request.params.id }),
  );

  // GET /api/admin/v1/postbacks – the delivery log (?customerId=&status=&triggerId=&eventType=)
  app.get(
    "/postbacks",
    {
      schema: {
        tags: ["Postbacks"],
        summary: "List postback deliveries",
        querystring: listQuery.extend({
          customerId: routeText(100).optional(),
          status: z.enum(postbackStatuses).optional(),
          triggerId: routeText(100).optional(),
          eventType: routeText(100).optional(),
        }),
      },
    },
    async (request) => listDeliveries({ ctx: contextFor(request), input: request.query }),
  );

  // GET /api/admin/v1/postbacks/:id – one delivery with every attempt
  app.get("/postbacks/:id", { schema: { tags: ["Postbacks"], summary: "Get a postback delivery", params: idParams } }, async (request) =>
    getDelivery({ ctx: contextFor(request), deliveryId: request.params.id }),
  );

  // POST /api/admin/v1/postbacks/{id}:resend – send again now, with the same webhook-id
  app.post("/postbacks/:target", { schema: { tags: ["Postbacks"], summary: "Resend a postback ({id}:resend)", params: actionParams } }, async (request, reply) => {
    const { id } = splitAction(request.params.target, ["resend"]);
    return reply.status(202).send(await resendPostback({ ctx: contextFor(request), deliveryId: id }));
  });
};
