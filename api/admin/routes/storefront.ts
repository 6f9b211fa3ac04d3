import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { contextFor } from "../../plugins/request-context";
import { disableStorefrontAccess, enableStorefrontAccess, enableStorefrontInput, getStorefrontAccess } from "@/lib/services/storefront";
import { getCatalogAccess, setCatalogAccess, setCatalogAccessInput } from "@/lib/services/catalog-access";
import { idParams } from "../schemas";

const invitationSchema = z.object({ userId: z.string(), email: z.string(), invitedAt: z.string() }).meta({ id: "StorefrontInvitation" });

const customerUserSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    email: z.string(),
    name: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    role: z.enum(["admin", "member"]),
    status: z.enum(["invited", "active"]),
    invitedAt: z.string().nullable(),
    invitedBy: z.string().nullable(),
    lastSignInAt: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.string().nullable().describe("When a pending invitation's link stops working; null for users. For an invitation, `id` is the invitation's id."),
    addressInUse: z.boolean().optional().describe("The invitation's address belongs to an account outside the customer: only a notice was sent to it."),
  })
  .meta({ id: "CustomerUser" });

const accessSchema = z
  .object({ customerId: z.string(), enabled: z.boolean(), enabledAt: z.string().nullable(), users: z.array(customerUserSchema) })
  .meta({ id: "StorefrontAccess" });

const catalogAccessSchema = z
  .object({ customerId: z.string(), mode: z.enum(["all", "selected"]), productUids: z.array(z.string()) })
  .meta({ id: "CatalogAccess" });

export const storefrontRoutes: FastifyPluginAsyncZod = async (app) => {
  // POST /api/admin/v1/customers/:id/storefront-access – open the portal and invite the customer's admin
  app.post(
    "/customers/:id/storefront-access",
    {
      schema: {
        tags: ["Storefront access"],
        summary: "Enable storefront access",
        description: "Opens the storefront portal to the customer and mails its admin a one-time link (72 h) to choose a password. Calling it again re-sends the invitation; the earlier link stops working.",
        params: idParams,
        body: enableStorefrontInput,
        response: { 201: invitationSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await enableStorefrontAccess({ ctx: contextFor(request), customerId: request.params.id, input: request.body })),
  );

  // DELETE /api/admin/v1/customers/:id/storefront-access – sign out every user of the customer and refuse sign-in
  app.delete(
    "/customers/:id/storefront-access",
    { schema: { tags: ["Storefront access"], summary: "Disable storefront access", params: idParams } },
    async (request, reply) => {
      await disableStorefrontAccess({ ctx: contextFor(request), customerId: request.params.id });
      return reply.status(204).send();
    },
  );

  // GET /api/admin/v1/customers/:id/storefront-access – whether the portal is open, and its users
  app.get(
    "/customers/:id/storefront-access",
    { schema: { tags: ["Storefront access"], summary: "Get storefront access and users", params: idParams, response: { 200: accessSchema } } },
    async (request) => getStorefrontAccess({ ctx: contextFor(request), customerId: request.params.id }),
  );

  // GET /api/admin/v1/customers/:id/catalog-access – which catalog products the customer may use in storefronts
  app.get(
    "/customers/:id/catalog-access",
    { schema: { tags: ["Storefront access"], summary: "Get catalog access", params: idParams, response: { 200: catalogAccessSchema } } },
    async (request) => getCatalogAccess({ ctx: contextFor(request), customerId: request.params.id }),
  );

  // PUT /api/admin/v1/customers/:id/catalog-access – all products, or only the listed productUids
  app.put(
    "/customers/:id/catalog-access",
    {
      schema: {
        tags: ["Storefront access"],
        summary: "Set catalog access",
        description: "`mode: all` (the default) lets the customer use every active product; `mode: selected` only the listed `productUids`, which replace the earlier list.",
        params: idParams,
        body: setCatalogAccessInput,
        response: { 200: catalogAccessSchema },
      },
    },
    async (request) => setCatalogAccess({ ctx: contextFor(request), customerId: request.params.id, input: request.body }),
  );
};
