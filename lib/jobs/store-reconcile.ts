import { z } from "zod";
import { reconcileStore, scheduleReconciliation } from "@/lib/services/stores/reconcile";
import { evaluateStoreAlerts } from "@/lib/services/stores/alerts";
import { defineJob } from "./types";

// Every 10 minutes without a store (Etsy stores each time, the others hourly), or one store at once ("Sync now").
export const storeReconcileJob = defineJob({
  name: "store.reconcile",
  payload: z.object({ storeId: z.string().min(1).optional() }),
  options: { retryLimit: 5, retryDelaySeconds: 30, retryBackoff: true, expireInSeconds: 900, schedule: "*/10 * * * *" },
  async handle(ctx, run) {
    if (!run.payload.storeId) {
      const count = await scheduleReconciliation(ctx);
      ctx.log.debug({ stores: count }, "reconciliation scheduled");
      return;
    }
    try {
      const outcome = await reconcileStore({ ...ctx, log: ctx.log.child({ storeId: run.payload.storeId, jobId: run.id }) }, run.payload.storeId);
      ctx.log.debug({ storeId: run.payload.storeId, ...outcome }, "store reconciled");
    } finally {
      // Every pass, failed or not, is when a store turns error or recovers (mailed once per change).
      await evaluateStoreAlerts(ctx, run.payload.storeId);
    }
  },
});
