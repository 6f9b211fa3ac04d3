import { z } from "zod";
import { eq, sql } from "drizzle-orm";
import { customers, users } from "@/db/schema";
import { queueMail } from "@/lib/mail/send";
import { passwordResetMail } from "@/lib/mail/templates";
import { acceptLink, issueLink } from "../auth/links";
import { newPasswordSchema } from "../auth/password-policy";
import { withTransaction, type ServiceContext } from "../context";
import { audit } from "../audit";
import { parseInput } from "../parse";

const requestResetInput = z.object({ email: z.email().trim().toLowerCase().max(254) });

/** Mails a reset link when the account exists and is active; answers the same either way. */
export async function requestPasswordReset({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof requestResetInput> }): Promise<void> {
  const { email } = parseInput(requestResetInput, input);
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
    // An invited user who never set a password gets a fresh invitation-style link.
    const link = await issueLink(tx.db, user.id, user.passwordHash ? "reset" : "invite");
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
