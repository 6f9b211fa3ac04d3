import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { contextFor } from "../../plugins/request-context";
import { z } from "zod";
import {
  createCustomer,
  createCustomerInput,
  deactivateCustomer,
  deleteCustomer,
  getCustomer,
  listCustomers,
  reactivateCustomer,
  updateCustomer,
  updateCustomerInput,
} from "@/lib/services/customers";
import { actionParams, customerSchema, idParams, listQuery, pageOf } from "../schemas";
import { splitAction } from "../../plugins/actions";
import { routeText } from "@/lib/route-params";

export const customerRoutes: FastifyPluginAsyncZod = async (app) => {
  // GET /api/admin/v1/customers – list customers, newest first (?q= searches name and reference id, ?active=true|false)
  app.get(
    "/customers",
    {
      schema: {
        tags: ["Customers"],
        summary: "List customers",
        querystring: listQuery.extend({ q: routeText(200).optional(), active: z.enum(["true", "false"]).optional() }),
        response: { 200: pageOf(customerSchema) },
      },
    },
    async (request) => listCustomers({ ctx: contextFor(request), input: request.query }),
  );

  // POST /api/admin/v1/customers – create a customer
  app.post(
    "/customers",
    { schema: { tags: ["Customers"], summary: "Create a customer", body: createCustomerInput, response: { 201: customerSchema } } },
    async (request, reply) => reply.status(201).send(await createCustomer({ ctx: contextFor(request), input: request.body })),
  );

  // GET /api/admin/v1/customers/:id – one customer
  app.get(
    "/customers/:id",
    { schema: { tags: ["Customers"], summary: "Get a customer", params: idParams, response: { 200: customerSchema } } },
    async (request) => getCustomer({ ctx: contextFor(request), customerId: request.params.id }),
  );

  // PATCH /api/admin/v1/customers/:id – change name, reference id, description or catalog access
  app.patch(
    "/customers/:id",
    { schema: { tags: ["Customers"], summary: "Update a customer", params: idParams, body: updateCustomerInput, response: { 200: customerSchema } } },
    async (request) => updateCustomer({ ctx: contextFor(request), customerId: request.params.id, input: request.body }),
  );

  // POST /api/admin/v1/customers/{id}:deactivate – stop intake on every channel, keep the history
  // POST /api/admin/v1/customers/{id}:reactivate – take the customer's orders again
  app.post(
    "/customers/:target",
    {
      schema: {
        tags: ["Customers"],
        summary: "Deactivate ({id}:deactivate) or reactivate ({id}:reactivate) a customer",
        params: actionParams,
        response: { 200: customerSchema },
      },
    },
    async (request) => {
      const { id, action } = splitAction(request.params.target, ["deactivate", "reactivate"]);
      const ctx = contextFor(request);
      return action === "deactivate" ? deactivateCustomer({ ctx, customerId: id }) : reactivateCustomer({ ctx, customerId: id });
    },
  );

  // DELETE /api/admin/v1/customers/:id – delete a deactivated customer (409 while active); its orders stay without personal data
  app.delete(
    "/customers/:id",
    { schema: { tags: ["Customers"], summary: "Delete a deactivated customer", params: idParams } },
    async (request, reply) => {
      await deleteCustomer({ ctx: contextFor(request), customerId: request.params.id });
      return reply.status(204).send();
    },
  );
};
