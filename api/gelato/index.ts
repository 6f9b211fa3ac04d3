import type { FastifyInstance } from "fastify";
import { useRawJsonParser } from "../plugins/raw-json";
import { useConnectorRateLimit } from "../plugins/connector-rate-limit";
import { authenticateGelato } from "./auth";
import { gelatoErrorHandler } from "./errors";
import { gelatoRoutes } from "./routes";

/** The Gelato dialect of the order API under /api/gelato (spec: order-apis.md). */
export async function gelatoApi(app: FastifyInstance): Promise<void> {
  useRawJsonParser(app);
  // Only JSON is accepted; any other content type is a 415.
  app.removeContentTypeParser("text/plain");
  app.setErrorHandler(gelatoErrorHandler);
  app.addHook("onRequest", authenticateGelato);
  await useConnectorRateLimit(app);
  await app.register(gelatoRoutes);
}
