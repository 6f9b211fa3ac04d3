import { z } from "zod";
import { deliverMail } from "@/lib/mail/send";
import { defineJob } from "./types";

export const mailSendJob = defineJob({
  name: "mail.send",
  payload: z.object({ mailId: z.string() }),
  options: { retryLimit: 10, retryDelaySeconds: 30, retryBackoff: true, expireInSeconds: 120 },
  async handle(ctx, run) {
    await deliverMail(ctx, run.payload.mailId);
  },
});
