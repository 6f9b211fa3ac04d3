import { eq } from "drizzle-orm";
import { z } from "zod";
import { stores } from "@/db/schema";
import { withTransaction, type ServiceContext } from "../context";
import { audit } from "../audit";
import { parseInput } from "../parse";
import { authorizeStoreChange, getStoreRowOrThrow } from "./access";
import { updateStoreInput, type StoreView } from "./schemas";
import { loadStoreViews } from "./view";

/** Renames a store or changes its approval mode (applies to orders processed from now on). */
export async function updateStore({ ctx, storeId, input }: { ctx: ServiceContext; storeId: string; input: z.input<typeof updateStoreInput> }): Promise<StoreView> {
  const data = parseInput(updateStoreInput, input);
  const row = await withTransaction(ctx, async (tx) => {
    const before = await getStoreRowOrThrow(tx, storeId, { forUpdate: true });
    authorizeStoreChange(tx, before.customerId);
    if (data.name === undefined && data.approvalMode === undefined) return before;
    const [after] = await tx.db
      .update(stores)
      .set({ ...(data.name !== undefined ? { name: data.name } : {}), ...(data.approvalMode !== undefined ? { approvalMode: data.approvalMode } : {}) })
      .where(eq(stores.id, storeId))
      .returning();
    await audit(tx, { action: "store.update", entityType: "store", entityId: storeId, customerId: before.customerId, before: { name: before.name, approvalMode: before.approvalMode }, after: data });
    return after!;
  });
  return (await loadStoreViews(ctx.db, [row]))[0]!;
}
