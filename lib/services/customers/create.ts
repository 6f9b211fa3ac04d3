import type { z } from "zod";
import { customers } from "@/db/schema";
import { createId } from "@/lib/ids";
import { AppError } from "@/lib/errors";
import { isUniqueViolation } from "@/db/errors";
import { withTransaction, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { audit } from "../audit";
import { parseInput } from "../parse";
import { createCustomerInput, type CustomerView } from "./schemas";
import { toCustomerView } from "./view";

export async function createCustomer({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof createCustomerInput> }): Promise<CustomerView> {
  authorize(ctx, "write");
  const data = parseInput(createCustomerInput, input);
  try {
    return await withTransaction(ctx, async (tx) => {
      const [row] = await tx.db
        .insert(customers)
        .values({ id: createId("customer"), name: data.name, referenceId: data.referenceId ?? null, description: data.description ?? null })
        .returning();
      await audit(tx, { action: "customer.create", entityType: "customer", entityId: row!.id, customerId: row!.id, after: row });
      return toCustomerView(row!);
    });
  } catch (error) {
    if (isUniqueViolation(error, "customers_reference_id_key")) throw referenceIdTaken(data.referenceId!);
    throw error;
  }
}

export function referenceIdTaken(referenceId: string): AppError {
  return new AppError("conflict", `Another customer already has the reference id ${referenceId}`, {
    details: [{ path: "referenceId", message: "already used by another customer" }],
  });
}
