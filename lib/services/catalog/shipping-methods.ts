import type { z } from "zod";
import { asc, eq } from "drizzle-orm";
import { shippingMethods } from "@/db/schema";
import { createId } from "@/lib/ids";
import { AppError, notFound } from "@/lib/errors";
import { isUniqueViolation } from "@/db/errors";
import { invalidate } from "@/lib/cache/invalidation";
import { withTransaction, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { audit } from "../audit";
import { parseInput } from "../parse";
import { shippingMethodInput, type ShippingMethodView } from "./schemas";
import { toShippingMethodView } from "./view";

export async function listShippingMethods({ ctx }: { ctx: ServiceContext }): Promise<ShippingMethodView[]> {
  authorize(ctx, "read");
  return (await ctx.db.select().from(shippingMethods).orderBy(asc(shippingMethods.uid))).map(toShippingMethodView);
}

export async function createShippingMethod({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof shippingMethodInput> }): Promise<ShippingMethodView> {
  authorize(ctx, "write");
  const data = parseInput(shippingMethodInput, input);
  try {
    return await withTransaction(ctx, async (tx) => {
      const [row] = await tx.db.insert(shippingMethods).values({ id: createId("shippingMethod"), ...data }).returning();
      await audit(tx, { action: "shipping_method.create", entityType: "shipping_method", entityId: row!.id, after: row });
      invalidate(tx, "catalog", "*");
      return toShippingMethodView(row!);
    });
  } catch (error) {
    if (isUniqueViolation(error, "shipping_methods_uid_key")) {
      throw new AppError("conflict", `The shipping method ${data.uid} already exists`, { details: [{ path: "uid", message: "already exists" }] });
    }
    throw error;
  }
}

export async function deleteShippingMethod({ ctx, shippingMethodId }: { ctx: ServiceContext; shippingMethodId: string }): Promise<void> {
  authorize(ctx, "write");
  await withTransaction(ctx, async (tx) => {
    const [row] = await tx.db.delete(shippingMethods).where(eq(shippingMethods.id, shippingMethodId)).returning();
    if (!row) throw notFound("Shipping method", shippingMethodId);
    await audit(tx, { action: "shipping_method.delete", entityType: "shipping_method", entityId: row.id, before: row });
    invalidate(tx, "catalog", "*");
  });
}
