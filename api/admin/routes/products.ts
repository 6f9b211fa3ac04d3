import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { contextFor } from "../../plugins/request-context";
import {
  createProduct,
  createProductInput,
  createShippingMethod,
  deleteShippingMethod,
  getProduct,
  importProductsCsv,
  listProducts,
  listShippingMethods,
  shippingMethodInput,
  updateProduct,
  updateProductInput,
} from "@/lib/services/catalog";
import { idParams, listQuery } from "../schemas";
import { routeId, routeText } from "@/lib/route-params";

const uidParams = z.object({ productUid: routeId });

export const productRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addContentTypeParser(["text/csv", "text/plain"], { parseAs: "string", bodyLimit: 20 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  // GET /api/admin/v1/products – the catalog (?q= matches productUid or title)
  app.get(
    "/products",
    { schema: { tags: ["Catalog"], summary: "List products", querystring: listQuery.extend({ q: routeText(200).optional() }) } },
    async (request) => listProducts({ ctx: contextFor(request), input: request.query }),
  );

  // POST /api/admin/v1/products – add a product (409 when the productUid exists)
  app.post("/products", { schema: { tags: ["Catalog"], summary: "Create a product", body: createProductInput } }, async (request, reply) =>
    reply.status(201).send(await createProduct({ ctx: contextFor(request), input: request.body })),
  );

  // POST /api/admin/v1/products:import – CSV: productUid,title,description,fileTypes,active,option:<name>…
  app.post("/products::import", { schema: { tags: ["Catalog"], summary: "Import products from CSV", consumes: ["text/csv"] } }, async (request) => {
    const csv = typeof request.body === "string" ? request.body : "";
    return importProductsCsv({ ctx: contextFor(request), csv });
  });

  // GET /api/admin/v1/products/:productUid – one product
  app.get("/products/:productUid", { schema: { tags: ["Catalog"], summary: "Get a product", params: uidParams } }, async (request) =>
    getProduct({ ctx: contextFor(request), productUid: request.params.productUid }),
  );

  // PATCH /api/admin/v1/products/:productUid – change title, options, print areas or availability
  app.patch(
    "/products/:productUid",
    { schema: { tags: ["Catalog"], summary: "Update a product", params: uidParams, body: updateProductInput } },
    async (request) => updateProduct({ ctx: contextFor(request), productUid: request.params.productUid, input: request.body }),
  );

  // GET /api/admin/v1/shipping-methods – the partner's shipping methods
  app.get("/shipping-methods", { schema: { tags: ["Catalog"], summary: "List shipping methods" } }, async (request) => ({
    data: await listShippingMethods({ ctx: contextFor(request) }),
    nextCursor: null,
  }));

  // POST /api/admin/v1/shipping-methods – offer a shipping method (orders must then use a listed one)
  app.post("/shipping-methods", { schema: { tags: ["Catalog"], summary: "Add a shipping method", body: shippingMethodInput } }, async (request, reply) =>
    reply.status(201).send(await createShippingMethod({ ctx: contextFor(request), input: request.body })),
  );

  // DELETE /api/admin/v1/shipping-methods/:id – stop offering a shipping method
  app.delete("/shipping-methods/:id", { schema: { tags: ["Catalog"], summary: "Remove a shipping method", params: idParams } }, async (request, reply) => {
    await deleteShippingMethod({ ctx: contextFor(request), shippingMethodId: request.params.id });
    return reply.status(204).send();
  });
};
