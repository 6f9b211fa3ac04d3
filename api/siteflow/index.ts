import type { FastifyInstance } from "fastify";
import { useRawJsonParser } from "../plugins/raw-json";
import { useConnectorRateLimit } from "../plugins/connector-rate-limit";
import { authenticateSiteflow, decorateSiteflowRequest } from "./auth";
import { siteflowErrorHandler } from "./errors";
import { siteflowRoutes } from "./routes";

/** The HP Site Flow–compatible order API under /api/siteflow (spec: order-apis.md). */
export async function siteflowApi(app: FastifyInstance): Promise<void> {
  useRawJsonParser(app);
  // Only JSON bodies: anything else is a 415, not a string handed to the order parser.
  app.removeContentTypeParser("text/plain");
  app.setErrorHandler(siteflowErrorHandler);
  decorateSiteflowRequest(app);
  app.addHook("onRequest", authenticateSiteflow);
  await useConnectorRateLimit(app);
  await app.register(siteflowRoutes);
}
