import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { variantLinkStates } from "@/db/schema/enums";
import { AppError } from "@/lib/errors";
import { routeText } from "@/lib/route-params";
import { listStoreLinks, listStoreVariants, requestProductSync, unlinkProduct } from "@/lib/services/stores";
import { contextFor } from "../../plugins/request-context";
import { splitAction } from "../../plugins/actions";
import { idParams, listQuery } from "../schemas";

const tags = ["Store products"];

export const storeProductRoutes: FastifyPluginAsyncZod = async (app) => {
  // GET /api/admin/v1/stores/:id/variants – the shop's variants with their link (?linked=&state=&q=)
  app.get(
    "/stores/:id/variants",
    {
      schema: {
        tags,
        summary: "List a store's variants",
        params: idParams,
        querystring: listQuery.extend({ linked: z.enum(["true", "false"]).optional(), state: z.enum(variantLinkStates).optional(), q: routeText(200).optional() }),
      },
    },
    async (request) => listStoreVariants({ ctx: contextFor(request), storeId: request.params.id, input: request.query }),
  );

  // POST /api/admin/v1/stores/:id/variants:sync – read the shop's products again (202, progress on the store)
  app.post(
    "/stores/:id/:target",
    { schema: { tags, summary: "Sync a store's products (variants:sync)", params: idParams.extend({ target: routeText(100) }) } },
    async (request, reply) => {
      const { id: collection } = splitAction(request.params.target, ["sync"]);
      if (collection !== "variants") throw new AppError("not_found", `No route for ${request.params.target}`);
      return reply.status(202).send(await requestProductSync({ ctx: contextFor(request), storeId: request.params.id }));
    },
  );

  // GET /api/admin/v1/stores/:id/links – the store's product links
  app.get("/stores/:id/links", { schema: { tags, summary: "List a store's product links", params: idParams, querystring: listQuery } }, async (request) =>
    listStoreLinks({ ctx: contextFor(request), storeId: request.params.id, input: request.query }),
  );

  // DELETE /api/admin/v1/links/:id – unlink
  app.delete("/links/:id", { schema: { tags, summary: "Remove a product link", params: idParams } }, async (request, reply) => {
    await unlinkProduct({ ctx: contextFor(request), linkId: request.params.id });
    return reply.status(204).send();
  });
};
