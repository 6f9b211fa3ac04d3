import { z } from "zod";
import { handleWebhookEvent } from "@/lib/services/stores/handle-webhook";
import { defineJob } from "./types";

// One stored shop delivery: re-reads and upserts its order, or handles the app and compliance topic.
export const storeWebhookJob = defineJob({
  name: "store.webhook",
  payload: z.object({ eventId: z.string().min(1), storeId: z.string().min(1) }),
  options: { retryLimit: 8, retryDelaySeconds: 5, retryBackoff: true, expireInSeconds: 300, workers: 4, pollingIntervalSeconds: 0.5 },
  async handle(ctx, run) {
    const result = await handleWebhookEvent({ ...ctx, log: ctx.log.child({ storeId: run.payload.storeId, jobId: run.id }) }, run.payload.eventId);
    ctx.log.debug({ eventId: run.payload.eventId, status: result?.status }, "webhook delivery processed");
  },
});
