import type { FastifyInstance } from "fastify";
import { useRawJsonParser } from "../plugins/raw-json";
import { adminErrorHandler } from "./errors";
import { authenticateAdmin } from "./auth";
import { tokenRoutes } from "./routes/tokens";
import { staffRoutes } from "./routes/staff";
import { customerRoutes } from "./routes/customers";
import { jobRoutes } from "./routes/jobs";
import { connectorRoutes } from "./routes/connectors";
import { productRoutes } from "./routes/products";
import { lookupRoutes } from "./routes/lookups";
import { orderRoutes } from "./routes/orders";
import { postbackRoutes } from "./routes/postbacks";
import { storefrontRoutes } from "./routes/storefront";
import { orderPreviewRoutes } from "./routes/order-preview";
import { storeRoutes } from "./routes/stores";
import { storeProductRoutes } from "./routes/store-products";
import { requireRouteCustomer } from "./customer-scope";

/** The partner admin API under /api/admin/v1 (spec: admin-api.md). */
export async function adminApi(app: FastifyInstance): Promise<void> {
  useRawJsonParser(app);
  app.setErrorHandler(adminErrorHandler);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: "not_found", message: `No route ${request.method} ${request.url.split("?")[0]}` } }),
  );
  app.addHook("onRequest", authenticateAdmin);
  app.addHook("preHandler", requireRouteCustomer);
  await app.register(tokenRoutes);
  await app.register(staffRoutes);
  await app.register(customerRoutes);
  await app.register(jobRoutes);
  await app.register(connectorRoutes);
  await app.register(productRoutes);
  await app.register(lookupRoutes);
  await app.register(orderRoutes);
  await app.register(postbackRoutes);
  await app.register(storefrontRoutes);
  await app.register(orderPreviewRoutes);
  await app.register(storeRoutes);
  await app.register(storeProductRoutes);
}
