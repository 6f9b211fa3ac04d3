import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { contextFor } from "../../plugins/request-context";
import { splitAction } from "../../plugins/actions";
import {
  createConnector,
  createConnectorInput,
  createSharedConnector,
  createSharedConnectorInput,
  getConnector,
  listConnectors,
  revokeConnector,
  rotateConnectorSecret,
  updateConnector,
  updateConnectorInput,
} from "@/lib/services/connectors";
import { actionParams, idParams } from "../schemas";

export const connectorRoutes: FastifyPluginAsyncZod = async (app) => {
  // POST /api/admin/v1/customers/:id/connectors – an order API for one customer (the secret is shown once)
  app.post(
    "/customers/:id/connectors",
    { schema: { tags: ["Connectors"], summary: "Create a connector for a customer", params: idParams, body: createConnectorInput } },
    async (request, reply) => reply.status(201).send(await createConnector({ ctx: contextFor(request), customerId: request.params.id, input: request.body })),
  );

  // GET /api/admin/v1/customers/:id/connectors – a customer's connectors (no secrets)
  app.get(
    "/customers/:id/connectors",
    { schema: { tags: ["Connectors"], summary: "List a customer's connectors", params: idParams } },
    async (request) => ({ data: await listConnectors({ ctx: contextFor(request), customerId: request.params.id }), nextCursor: null }),
  );

  // POST /api/admin/v1/connectors – a connector for all customers (requests send Customer-Reference-ID)
  app.post(
    "/connectors",
    { schema: { tags: ["Connectors"], summary: "Create a connector for all customers", body: createSharedConnectorInput } },
    async (request, reply) => reply.status(201).send(await createSharedConnector({ ctx: contextFor(request), input: request.body })),
  );

  // GET /api/admin/v1/connectors – the connectors shared by all customers
  app.get("/connectors", { schema: { tags: ["Connectors"], summary: "List connectors shared by all customers" } }, async (request) => ({
    data: await listConnectors({ ctx: contextFor(request), customerId: null }),
    nextCursor: null,
  }));

  // GET /api/admin/v1/connectors/:id – one connector with its endpoints and last use
  app.get("/connectors/:id", { schema: { tags: ["Connectors"], summary: "Get a connector", params: idParams } }, async (request) =>
    getConnector({ ctx: contextFor(request), connectorId: request.params.id }),
  );

  // PATCH /api/admin/v1/connectors/:id – rename, or set SiteFlow routing rules
  app.patch(
    "/connectors/:id",
    { schema: { tags: ["Connectors"], summary: "Update a connector", params: idParams, body: updateConnectorInput } },
    async (request) => updateConnector({ ctx: contextFor(request), connectorId: request.params.id, input: request.body }),
  );

  // POST /api/admin/v1/connectors/{id}:rotate-secret – a new secret; the old one stops working
  app.post("/connectors/:target", { schema: { tags: ["Connectors"], summary: "Rotate a connector's secret ({id}:rotate-secret)", params: actionParams } }, async (request) => {
    const { id } = splitAction(request.params.target, ["rotate-secret"]);
    return rotateConnectorSecret({ ctx: contextFor(request), connectorId: id });
  });

  // DELETE /api/admin/v1/connectors/:id – revoke: the key stops working at once
  app.delete("/connectors/:id", { schema: { tags: ["Connectors"], summary: "Revoke a connector", params: idParams } }, async (request, reply) => {
    await revokeConnector({ ctx: contextFor(request), connectorId: request.params.id });
    return reply.status(204).send();
  });
};
