import { Readable } from "node:stream";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { variantLinkStates } from "@/db/schema/enums";
import { AppError } from "@/lib/errors";
import { routeText } from "@/lib/route-params";
import { exportLinksCsv, importLinksCsv, listStoreLinks, listStoreVariants, publishProduct, publishProductInput, requestProductSync, unlinkProduct } from "@/lib/services/stores";
import { contextFor } from "../../plugins/request-context";
import { splitAction } from "../../plugins/actions";
import { idParams, listQuery } from "../schemas";

const tags = ["Store products"];

export const storeProductRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addContentTypeParser(["text/csv", "text/plain"], { parseAs: "string", bodyLimit: 20 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  // GET /api/admin/v1/stores/:id/links.csv – the store's variants with their links, to fill in
  app.get("/stores/:id/links.csv", { schema: { tags, summary: "Export a store's variants and links as CSV", params: idParams, produces: ["text/csv"] } }, async (request, reply) => {
    const rows = exportLinksCsv({ ctx: contextFor(request), storeId: request.params.id });
    // The first chunk checks the store and the actor before the answer starts.
    const first = await rows.next();
    const stream = Readable.from((async function* () {
      if (!first.done) yield first.value;
      yield* rows;
    })());
    return reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="${request.params.id}-links.csv"`).send(stream);
  });

  // PUT /api/admin/v1/stores/:id/links.csv – link variants in bulk; a row-by-row report
  app.put(
    "/stores/:id/links.csv",
    { bodyLimit: 20 * 1024 * 1024, schema: { tags, summary: "Import links from CSV", params: idParams, consumes: ["text/csv"] } },
    async (request) => importLinksCsv({ ctx: contextFor(request), storeId: request.params.id, csv: typeof request.body === "string" ? request.body : "" }),
  );

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
  // POST /api/admin/v1/stores/:id/products:publish – create a product in the shop from a catalog product, linked at once
  app.post(
    "/stores/:id/:target",
    { schema: { tags, summary: "Sync a store's products (variants:sync) or publish a product (products:publish)", params: idParams.extend({ target: routeText(100) }) } },
    async (request, reply) => {
      const { id: collection, action } = splitAction(request.params.target, ["sync", "publish"]);
      const ctx = contextFor(request);
      if (collection === "variants" && action === "sync") return reply.status(202).send(await requestProductSync({ ctx, storeId: request.params.id }));
      if (collection === "products" && action === "publish") return reply.status(201).send(await publishProduct({ ctx, storeId: request.params.id, input: (request.body ?? {}) as z.input<typeof publishProductInput> }));
      throw new AppError("not_found", `No route for ${request.params.target}`);
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
