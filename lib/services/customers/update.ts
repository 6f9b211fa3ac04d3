import type { z } from "zod";
import { eq } from "drizzle-orm";
import { customers } from "@/db/schema";
import { isUniqueViolation } from "@/db/errors";
import { withTransaction, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { audit } from "../audit";
import { parseInput } from "../parse";
import { updateCustomerInput, type CustomerView } from "./schemas";
import { toCustomerView } from "./view";
import { getCustomerRowOrThrow } from "./get";
import { referenceIdTaken } from "./create";

export async function updateCustomer({
  ctx,
  customerId,
  input,
}: {
  ctx: ServiceContext;
  customerId: string;
  input: z.input<typeof updateCustomerInput>;
}): Promise<CustomerView> {
  authorize(ctx, "write");
  const data = parseInput(updateCustomerInput, input);
  try {
    return await withTransaction(ctx, async (tx) => {
      const before = await getCustomerRowOrThrow(tx, customerId, { forUpdate: true });
      const changes: Partial<typeof customers.$inferInsert> = {};
      if (data.name !== undefined) changes.name = data.name;
      if (data.referenceId !== undefined) changes.referenceId = data.referenceId;
      if (data.description !== undefined) changes.description = data.description;
      if (data.catalogAccess !== undefined) changes.catalogAccess = data.catalogAccess;
      if (Object.keys(changes).length === 0) return toCustomerView(before);
      const [after] = await tx.db.update(customers).set(changes).where(eq(customers.id, customerId)).returning();
      await audit(tx, { action: "customer.update", entityType: "customer", entityId: customerId, customerId, before, after });
      return toCustomerView(after!);
    });
  } catch (error) {
    if (isUniqueViolation(error, "customers_reference_id_key")) throw referenceIdTaken(data.referenceId ?? "");
    throw error;
  }
}
