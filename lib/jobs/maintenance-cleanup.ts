import { lt, or, isNotNull, and } from "drizzle-orm";
import { z } from "zod";
import { authTokens, fileChecks, loginAttempts, sessions } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { purgeExpiredPersonalData } from "@/lib/services/retention";
import { defineJob } from "./types";

const day = 86_400_000;

// Hourly: drop rows that only matter for a while (sign-in attempts, expired sessions and links),
// and personal data past RETENTION_DAYS.
export const maintenanceCleanupJob = defineJob({
  name: "maintenance.cleanup",
  payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
  options: { retryLimit: 2, retryDelaySeconds: 60, retryBackoff: true, expireInSeconds: 300, schedule: "17 * * * *" },
  async handle(ctx) {
    const now = Date.now();
    await ctx.db.delete(loginAttempts).where(lt(loginAttempts.createdAt, new Date(now - day)));
    await ctx.db.delete(sessions).where(lt(sessions.expiresAt, new Date(now)));
    await ctx.db
      .delete(authTokens)
      .where(or(lt(authTokens.expiresAt, new Date(now - 7 * day)), and(isNotNull(authTokens.usedAt), lt(authTokens.usedAt, new Date(now - 7 * day)))));
    await ctx.db.delete(fileChecks).where(lt(fileChecks.checkedAt, new Date(now - day)));
    const purged = await purgeExpiredPersonalData(ctx, getEnv().RETENTION_DAYS, new Date(now));
    if (purged.webhookBodies + purged.orderPayloads + purged.addresses > 0) ctx.log.info(purged, "personal data past the retention period removed");
  },
});
