import { eq, ilike, or, type SQL } from "drizzle-orm";
import { orders } from "@/db/schema";
import { likePattern } from "../pagination";

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What a search box matches: our `ord_…` id and the Gelato UUID exactly (both unique-indexed), the
 * customer's own id (orderReferenceId, sourceOrderId, the shop's order number) and the
 * recipient's name in part.
 */
export function orderSearchCondition(q: string): SQL {
  const pattern = likePattern(q);
  return or(
    eq(orders.id, q),
    uuidShape.test(q) ? eq(orders.uid, q.toLowerCase()) : undefined,
    ilike(orders.externalId, pattern),
    ilike(orders.recipientName, pattern),
  )!;
}
