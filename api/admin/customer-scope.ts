import type { FastifyRequest } from "fastify";
import { getCustomerRowOrThrow } from "@/lib/services/customers";
import { contextFor } from "../plugins/request-context";

/** `/customers/{id}/…` routes answer 404 for a customer that does not exist or was deleted. */
export async function requireRouteCustomer(request: FastifyRequest): Promise<void> {
  if (!request.routeOptions.url?.includes("/customers/:id/")) return;
  const customerId = (request.params as { id?: unknown }).id;
  if (typeof customerId !== "string") return;
  await getCustomerRowOrThrow(contextFor(request), customerId);
}
