import { z } from "zod";
import { evaluateStoreAlerts } from "@/lib/services/stores/alerts";
import { defineJob } from "./types";

// A store's status changed (revoked, expired): staff and the customer's admins hear of it once.
export const storeAlertsJob = defineJob({
  name: "store.alerts",
  payload: z.object({ storeId: z.string().min(1) }),
  options: { retryLimit: 5, retryDelaySeconds: 10, retryBackoff: true, expireInSeconds: 120 },
  async handle(ctx, run) {
    const sent = await evaluateStoreAlerts(ctx, run.payload.storeId);
    ctx.log.debug({ storeId: run.payload.storeId, ...sent }, "store alerts evaluated");
  },
});
