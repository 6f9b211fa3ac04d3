import { z } from "zod";
import { eq, sql } from "drizzle-orm";
import { customers, users } from "@/db/schema";
import { queueMail } from "@/lib/mail/send";
import { passwordResetMail } from "@/lib/mail/templates";
import { AppError } from "@/lib/errors";
import { acceptLink, issueLink } from "../auth/links";
import { hitCounters } from "../auth/throttle";
import { newPasswordSchema } from "../auth/password-policy";
import { withTransaction, type ServiceContext } from "../context";
import { audit } from "../audit";
import { parseInput } from "../parse";

const requestResetInput = z.object({ email: z.email().trim().toLowerCase().max(254), clientAddress: z.string().max(64).default("unknown") });

// Per client address: enough for a person who mistypes, too few to spray mail. Per account: a
// few mails an hour, after which requests are answered the same way but send nothing.
export const resetLimits = { windowMs: 3_600_000, perAddress: 10, perAccount: 3 } as const;

/** Mails a reset link when the account exists and is active; answers the same either way. */
export async function requestPasswordReset({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof requestResetInput> }): Promise<void> {
  const { email, clientAddress } = parseInput(requestResetInput, input);
  const addressKey = `reset:ip:${clientAddress}`;
  const accountKey = `reset:account:${email}`;
  const hits = await hitCounters(ctx.db, [addressKey, accountKey], resetLimits.windowMs);
  if ((hits.get(addressKey)?.hits ?? 0) > resetLimits.perAddress) {
    throw new AppError("rate_limited", "Too many reset requests from your address. Try again in an hour.");
  }
  if ((hits.get(accountKey)?.hits ?? 0) > resetLimits.perAccount) {
    ctx.log.info({ event: "password_reset_throttled" }, "password reset asked too often for one address; no mail sent");
    return;
  }
  await withTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .select({ user: users, storefrontEnabledAt: customers.storefrontEnabledAt })
      .from(users)
      .leftJoin(customers, eq(customers.id, users.customerId))
      .where(eq(sql`lower(${users.email})`, email));
    const user = row?.user;
    // A storefront user whose company has no access cannot use a new password either.
    if (!user || user.disabledAt || (user.kind === "customer" && !row.storefrontEnabledAt)) {
      ctx.log.info({ event: "password_reset_unknown" }, "password reset asked for an unknown or disabled account");
      return;
    }
    const link = await issueLink(tx.db, user.id, "reset");
    await queueMail(tx, passwordResetMail({ to: user.email, name: user.firstName ?? user.name, url: link.url, expiresAt: link.expiresAt }));
    await audit(tx, { action: "user.request_password_reset", entityType: "user", entityId: user.id, customerId: user.customerId });
  });
}

const setPasswordInput = z.object({ token: z.string().min(1).max(200), password: newPasswordSchema });

/** Sets a password through an invitation or reset link. */
export async function setPasswordWithLink({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof setPasswordInput> }) {
  const data = parseInput(setPasswordInput, input);
  const user = await acceptLink(ctx.db, data.token, data.password);
  await audit(ctx, { action: "user.set_password_with_link", entityType: "user", entityId: user.id, customerId: user.customerId });
  return user;
}
