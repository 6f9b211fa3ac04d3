import { z } from "zod";
import { processOrder } from "@/lib/services/orders/process";
import { defineJob } from "./types";

export const orderProcessJob = defineJob({
  name: "order.process",
  payload: z.object({ orderId: z.string() }),
  options: { retryLimit: 8, retryDelaySeconds: 5, retryBackoff: true, expireInSeconds: 60, batchSize: 50, workers: 2, pollingIntervalSeconds: 0.5 },
  async handle(ctx, run) {
    await processOrder(ctx, run.payload.orderId);
  },
});
