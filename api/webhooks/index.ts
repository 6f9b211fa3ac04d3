import type { FastifyInstance } from "fastify";
import { webhookErrorHandler } from "./errors";
import { webhookRoutes } from "./routes";

/** Largest delivery taken: Shopify's order payloads stay far below it. */
export const webhookBodyLimit = 1024 * 1024;

/**
 * Shop platform webhooks under /api/webhooks (spec: shops.md). Bodies are read as raw bytes,
 * whatever their content type, because the signature is over exactly those bytes.
 */
export async function webhooksApi(app: FastifyInstance): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: webhookBodyLimit }, (_request, body, done) => done(null, body));
  app.setErrorHandler(webhookErrorHandler);
  await app.register(webhookRoutes);
}
