import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { contextFor } from "../../plugins/request-context";
import { previewDialectNames, previewOrder } from "@/lib/services/orders/preview";
import { idParams } from "../schemas";

export const orderPreviewRoutes: FastifyPluginAsyncZod = async (app) => {
  // POST /api/admin/v1/customers/:id/orders:preview – an order in a dialect through lookups and the catalog, stored nowhere
  app.post(
    "/customers/:id/orders::preview",
    {
      schema: {
        tags: ["Orders"],
        summary: "Preview an order",
        description:
          "Runs an order in the Gelato or Site Flow dialect through the customer's lookups and the catalog, and answers with the canonical order, each lookup applied and every problem. Nothing is stored.",
        params: idParams,
        querystring: z.object({ dialect: z.enum(previewDialectNames) }),
      },
    },
    async (request) => previewOrder({ ctx: contextFor(request), customerId: request.params.id, dialect: request.query.dialect, body: request.body }),
  );
};
