import { z } from "zod";
import { handleWebhookEvent, markWebhookEventFailed } from "@/lib/services/stores/handle-webhook";
import { defineJob } from "./types";

// One stored shop delivery: re-reads and upserts its order, or handles the app and compliance topic.
const retryLimit = 8;

export const storeWebhookJob = defineJob({
  name: "store.webhook",
  payload: z.object({ eventId: z.string().min(1), storeId: z.string().min(1) }),
  options: { retryLimit, retryDelaySeconds: 5, retryBackoff: true, expireInSeconds: 300, workers: 4, pollingIntervalSeconds: 0.5 },
  async handle(ctx, run) {
    try {
      const result = await handleWebhookEvent({ ...ctx, log: ctx.log.child({ storeId: run.payload.storeId, jobId: run.id }) }, run.payload.eventId);
      ctx.log.debug({ eventId: run.payload.eventId, status: result?.status }, "webhook delivery processed");
    } catch (error) {
      // The last try: the delivery shows as failed (with a replay button) rather than waiting forever.
      if (run.retryCount >= retryLimit) await markWebhookEventFailed(ctx, run.payload.eventId, error instanceof Error ? error.message : String(error));
      throw error;
    }
  },
});
