import { z } from "zod";
import { fanOutPostbacks } from "@/lib/services/postbacks/notify";
import { defineJob } from "./types";

// One per order event: fans the event out to the customer's postback triggers. A batch is one
// fan-out; repeating it creates nothing twice (deliveries are unique per trigger and event).
export const orderNotifyJob = defineJob({
  name: "order.notify",
  payload: z.object({ eventId: z.string().min(1) }),
  options: { retryLimit: 10, retryDelaySeconds: 5, retryBackoff: true, expireInSeconds: 120, batchSize: 50 },
  async handleBatch(ctx, runs) {
    await fanOutPostbacks(ctx, runs.map((run) => run.payload.eventId));
    return new Map();
  },
});
