import { z } from "zod";
import { handleWebhookEvents, markWebhookEventFailed } from "@/lib/services/stores/handle-webhook";
import { defineJob } from "./types";

// Stored shop deliveries, fetched in batches: deliveries of one order share a re-read and upsert
// of it; app and compliance topics are handled one by one.
const retryLimit = 8;

export const storeWebhookJob = defineJob({
  name: "store.webhook",
  payload: z.object({ eventId: z.string().min(1), storeId: z.string().min(1) }),
  options: { retryLimit, retryDelaySeconds: 5, retryBackoff: true, expireInSeconds: 300, batchSize: 50, workers: 2, pollingIntervalSeconds: 1 },
  async handleBatch(ctx, runs) {
    const errors = await handleWebhookEvents(
      ctx,
      runs.map((run) => run.payload.eventId),
    );
    const failures = new Map<string, unknown>();
    for (const run of runs) {
      if (!errors.has(run.payload.eventId)) continue;
      const error = errors.get(run.payload.eventId);
      // The last try: the delivery shows as failed (with a replay button) rather than waiting forever.
      if (run.retryCount >= retryLimit) {
        await markWebhookEventFailed(ctx, run.payload.eventId, error instanceof Error ? error.message : String(error));
      }
      failures.set(run.id, error);
    }
    ctx.log.debug({ jobs: runs.length, failed: failures.size }, "webhook deliveries processed");
    return failures;
  },
});
