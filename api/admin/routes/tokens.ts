import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { contextFor } from "../../plugins/request-context";
import { createApiToken, createTokenInput, listApiTokens, revokeApiToken } from "@/lib/services/tokens";
import { idParams } from "../schemas";

export const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  // POST /api/admin/v1/tokens – create an API token (HTTP Basic with a staff account, or an admin token)
  app.post("/tokens", { schema: { tags: ["Tokens"], summary: "Create an API token", body: createTokenInput } }, async (request, reply) => {
    const token = await createApiToken({ ctx: contextFor(request), input: request.body });
    return reply.status(201).send({ id: token.id, name: token.name, scope: token.scope, token: token.token, createdAt: token.createdAt });
  });

  // GET /api/admin/v1/tokens – list tokens (never the secrets)
  app.get("/tokens", { schema: { tags: ["Tokens"], summary: "List API tokens" } }, async (request) => {
    return { data: await listApiTokens({ ctx: contextFor(request) }), nextCursor: null };
  });

  // DELETE /api/admin/v1/tokens/:id – revoke a token at once
  app.delete("/tokens/:id", { schema: { tags: ["Tokens"], summary: "Revoke an API token", params: idParams } }, async (request, reply) => {
    await revokeApiToken({ ctx: contextFor(request), tokenId: request.params.id });
    return reply.status(204).send();
  });
};
