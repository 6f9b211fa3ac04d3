import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { contextFor } from "../../plugins/request-context";
import { createCustomer, createCustomerInput, getCustomer, listCustomers, updateCustomer, updateCustomerInput } from "@/lib/services/customers";
import { customerSchema, idParams, listQuery, pageOf } from "../schemas";
import { routeText } from "@/lib/route-params";

export const customerRoutes: FastifyPluginAsyncZod = async (app) => {
  // GET /api/admin/v1/customers – list customers, newest first (?q= searches name and reference id)
  app.get(
    "/customers",
    { schema: { tags: ["Customers"], summary: "List customers", querystring: listQuery.extend({ q: routeText(200).optional() }), response: { 200: pageOf(customerSchema) } } },
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
};
