import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { contextFor } from "../../plugins/request-context";
import {
  createLookup,
  createLookupInput,
  deleteLookup,
  formatEntriesCsv,
  getLookup,
  getLookupEntries,
  listLookups,
  importLookupEntriesCsv,
  replaceLookupEntries,
  updateLookup,
  updateLookupInput,
} from "@/lib/services/lookups";
import { idParams } from "../schemas";

export const lookupRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addContentTypeParser(["text/csv", "text/plain"], { parseAs: "string", bodyLimit: 20 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  // POST /api/admin/v1/customers/:id/lookups – a translation table for one field
  app.post(
    "/customers/:id/lookups",
    { schema: { tags: ["Lookups"], summary: "Create a lookup", params: idParams, body: createLookupInput } },
    async (request, reply) => reply.status(201).send(await createLookup({ ctx: contextFor(request), customerId: request.params.id, input: request.body })),
  );

  // GET /api/admin/v1/customers/:id/lookups – a customer's lookups
  app.get("/customers/:id/lookups", { schema: { tags: ["Lookups"], summary: "List a customer's lookups", params: idParams } }, async (request) => ({
    data: await listLookups({ ctx: contextFor(request), customerId: request.params.id }),
    nextCursor: null,
  }));

  // GET /api/admin/v1/lookups/:id – one lookup
  app.get("/lookups/:id", { schema: { tags: ["Lookups"], summary: "Get a lookup", params: idParams } }, async (request) =>
    getLookup({ ctx: contextFor(request), lookupId: request.params.id }),
  );

  // PATCH /api/admin/v1/lookups/:id – name, description, strict, default value
  app.patch("/lookups/:id", { schema: { tags: ["Lookups"], summary: "Update a lookup", params: idParams, body: updateLookupInput } }, async (request) =>
    updateLookup({ ctx: contextFor(request), lookupId: request.params.id, input: request.body }),
  );

  // DELETE /api/admin/v1/lookups/:id – delete a lookup and its entries
  app.delete("/lookups/:id", { schema: { tags: ["Lookups"], summary: "Delete a lookup", params: idParams } }, async (request, reply) => {
    await deleteLookup({ ctx: contextFor(request), lookupId: request.params.id });
    return reply.status(204).send();
  });

  // PUT /api/admin/v1/lookups/:id/entries – replace all entries (JSON [{key,value}] or text/csv)
  app.put(
    "/lookups/:id/entries",
    { bodyLimit: 20 * 1024 * 1024, schema: { tags: ["Lookups"], summary: "Replace a lookup's entries", params: idParams, consumes: ["application/json", "text/csv"] } },
    async (request) => {
      const ctx = contextFor(request);
      if (typeof request.body === "string") return importLookupEntriesCsv({ ctx, lookupId: request.params.id, csv: request.body });
      return replaceLookupEntries({ ctx, lookupId: request.params.id, entries: request.body });
    },
  );

  // GET /api/admin/v1/lookups/:id/entries – the entries, as JSON or CSV (Accept: text/csv)
  app.get("/lookups/:id/entries", { schema: { tags: ["Lookups"], summary: "Get a lookup's entries", params: idParams, produces: ["application/json", "text/csv"] } }, async (request, reply) => {
    const entries = await getLookupEntries({ ctx: contextFor(request), lookupId: request.params.id });
    if ((request.headers.accept ?? "").includes("text/csv")) {
      return reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="${request.params.id}.csv"`).send(formatEntriesCsv(entries));
    }
    return entries;
  });
};
