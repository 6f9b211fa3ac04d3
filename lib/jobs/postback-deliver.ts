import { z } from "zod";
import { deliverPostback } from "@/lib/services/postbacks/deliver";
import { defineJob } from "./types";

// One attempt of one postback. The delivery schedules its own retries (with the backoff and
// 24 h window in lib/services/postbacks/retry.ts); the queue's retries only cover this job
// failing to run at all (database errors, a delivery held by another worker).
export const postbackDeliverJob = defineJob({
  name: "postback.deliver",
  payload: z.object({ deliveryId: z.string().min(1), attempt: z.number().int().min(1) }),
  options: { retryLimit: 20, retryDelaySeconds: 15, retryBackoff: true, expireInSeconds: 90, batchSize: 10, workers: 2 },
  async handleBatch(ctx, runs) {
    const failures = new Map<string, unknown>();
    // Receivers answer slowly at times: the batch's requests run side by side.
    await Promise.all(
      runs.map(async (run) => {
        try {
          await deliverPostback({ ...ctx, log: ctx.log.child({ jobId: run.id }) }, run.payload);
        } catch (error) {
          failures.set(run.id, error);
        }
      }),
    );
    return failures;
  },
});
