import { z } from "zod";
import { fulfilStoreOrder } from "@/lib/services/stores/fulfil";
import { defineJob } from "./types";

// A shop order shipped (or its tracking changed): the shop hears of it once per shipment.
export const storeFulfilJob = defineJob({
  name: "store.fulfil",
  payload: z.object({ orderId: z.string().min(1), storeId: z.string().min(1) }),
  options: { retryLimit: 10, retryDelaySeconds: 10, retryBackoff: true, expireInSeconds: 300, workers: 2 },
  async handle(ctx, run) {
    const outcome = await fulfilStoreOrder({ ...ctx, log: ctx.log.child({ storeId: run.payload.storeId, jobId: run.id }) }, run.payload.orderId);
    ctx.log.debug({ orderId: run.payload.orderId, ...outcome }, "shop told of the shipment");
  },
});
