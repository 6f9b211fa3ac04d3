import { z } from "zod";
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { hashPassword, verifyPassword } from "@/lib/crypto";
import { newPasswordSchema } from "../auth/password-policy";
import { endAllSessions } from "../auth/sessions";
import { withTransaction, type ServiceContext } from "../context";
import { audit } from "../audit";
import { parseInput } from "../parse";

const changePasswordInput = z.object({ currentPassword: z.string().min(1).max(256), newPassword: newPasswordSchema });

function signedInUserId(ctx: ServiceContext): string {
  if (ctx.actor.type === "staff" || ctx.actor.type === "customer_user") return ctx.actor.userId;
  throw new AppError("forbidden", "Only a signed-in user can change their password");
}

/** Changes the signed-in user's password and ends every session (the caller signs in again). */
export async function changePassword({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof changePasswordInput> }): Promise<void> {
  const userId = signedInUserId(ctx);
  const data = parseInput(changePasswordInput, input);
  const [user] = await ctx.db.select().from(users).where(eq(users.id, userId));
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, data.currentPassword))) {
    throw new AppError("validation_failed", "The current password is not correct", {
      details: [{ path: "currentPassword", message: "is not correct" }],
    });
  }
  const passwordHash = await hashPassword(data.newPassword);
  await withTransaction(ctx, async (tx) => {
    await tx.db.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, userId));
    await endAllSessions(tx.db, userId);
    await audit(tx, { action: "user.change_password", entityType: "user", entityId: userId, customerId: user.customerId });
  });
}

/** Ends every session of the signed-in user, on every device. */
export async function signOutEverywhere({ ctx }: { ctx: ServiceContext }): Promise<number> {
  const userId = signedInUserId(ctx);
  return withTransaction(ctx, async (tx) => {
    const ended = await endAllSessions(tx.db, userId);
    await audit(tx, { action: "user.sign_out_everywhere", entityType: "user", entityId: userId, after: { sessionsEnded: ended } });
    return ended;
  });
}
