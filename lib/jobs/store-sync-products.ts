import { z } from "zod";
import { syncStoreProducts } from "@/lib/services/stores/sync-products";
import { evaluateStoreAlerts } from "@/lib/services/stores/alerts";
import { defineJob } from "./types";

// Reads a store's products and variants; a retry (or a restart) resumes from the stored cursor.
// The job id holds the store's sync lease, so its own retry takes over at once.
export const storeSyncProductsJob = defineJob({
  name: "store.sync-products",
  payload: z.object({ storeId: z.string().min(1) }),
  options: { retryLimit: 8, retryDelaySeconds: 15, retryBackoff: true, expireInSeconds: 3600 },
  async handle(ctx, run) {
    try {
      const outcome = await syncStoreProducts({ ...ctx, log: ctx.log.child({ storeId: run.payload.storeId, jobId: run.id }) }, run.payload.storeId, { runId: run.id });
      ctx.log.debug({ storeId: run.payload.storeId, ...outcome }, "store products synced");
    } finally {
      // New unlinked variants are a problem only the customer can fix: their admins hear of it once.
      await evaluateStoreAlerts(ctx, run.payload.storeId);
    }
  },
});
