import type { z } from "zod";
import { users } from "@/db/schema";
import { createId } from "@/lib/ids";
import { AppError } from "@/lib/errors";
import { isUniqueViolation } from "@/db/errors";
import { queueMail } from "@/lib/mail/send";
import { staffInvitationMail } from "@/lib/mail/templates";
import { issueLink } from "../auth/links";
import { actorLabel, withTransaction, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { audit } from "../audit";
import { parseInput } from "../parse";
import { inviteStaffInput, type StaffView } from "./schemas";
import { toStaffView } from "./view";

/** Creates a staff account without a password and mails a one-time link to set one. */
export async function inviteStaff({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof inviteStaffInput> }): Promise<StaffView> {
  authorize(ctx, "staff:manage");
  const data = parseInput(inviteStaffInput, input);
  try {
    return await withTransaction(ctx, async (tx) => {
      const [row] = await tx.db
        .insert(users)
        .values({ id: createId("user"), kind: "staff", email: data.email, name: data.name, role: data.role, invitedAt: new Date(), invitedBy: actorLabel(ctx.actor) })
        .returning();
      const link = await issueLink(tx.db, row!.id, "invite");
      const inviter = ctx.actor.type === "staff" ? ctx.actor.name : "The team";
      await queueMail(tx, staffInvitationMail({ to: data.email, name: data.name, invitedBy: inviter, url: link.url, expiresAt: link.expiresAt }));
      await audit(tx, { action: "staff.invite", entityType: "user", entityId: row!.id, after: row });
      return toStaffView(row!);
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_email_key")) {
      throw new AppError("conflict", `A user with the email ${data.email} already exists`, { details: [{ path: "email", message: "already in use" }] });
    }
    throw error;
  }
}
