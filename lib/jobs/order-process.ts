import { z } from "zod";
import { processOrders } from "@/lib/services/orders/process";
import { defineJob } from "./types";

// Batches keep the queue's round trips per order low; the expiry leaves room for slow file hosts.
export const orderProcessJob = defineJob({
  name: "order.process",
  payload: z.object({ orderId: z.string() }),
  options: { retryLimit: 8, retryDelaySeconds: 5, retryBackoff: true, expireInSeconds: 300, batchSize: 100, workers: 2, pollingIntervalSeconds: 1 },
  async handleBatch(ctx, runs) {
    const outcomes = await processOrders(
      ctx,
      runs.map((run) => ({ orderId: run.payload.orderId, attempt: run.retryCount })),
    );
    const failures = new Map<string, unknown>();
    for (const run of runs) {
      const retry = outcomes.get(run.payload.orderId)?.retry;
      if (retry) failures.set(run.id, retry);
    }
    const moved = [...outcomes.values()].filter((outcome) => !outcome.retry).length;
    ctx.log.debug({ jobs: runs.length, orders: outcomes.size, moved, retried: failures.size }, "orders processed");
    return failures;
  },
});
