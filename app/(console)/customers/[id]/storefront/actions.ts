"use server";
import { revalidatePath } from "next/cache";
import { requireStaff } from "@/lib/auth/guards";
import { field, runAction, type ActionState } from "@/lib/actions";
import { getEnv } from "@/lib/env";
import { createInvitationLink, disableStorefrontAccess, enableStorefrontAccess, inviteCustomerUser, removeCustomerUser, resendInvitation, revokeInvitation } from "@/lib/services/storefront";

/** Where the mail went: without SMTP it waits in the console's outbox. */
function sentTo(email: string): string {
  return getEnv().SMTP_URL ? `sent to ${email}` : `for ${email} is in Settings → Mail (no SMTP server is set)`;
}

function refresh(customerId: string): void {
  revalidatePath(`/customers/${customerId}`, "layout");
}

export async function enableStorefrontAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    const invitation = await enableStorefrontAccess({
      ctx,
      customerId,
      input: { email: field(formData, "email") ?? "", firstName: field(formData, "firstName") ?? "", lastName: field(formData, "lastName") ?? "" },
    });
    return { status: "success", message: `Storefront access is on. Invitation ${sentTo(invitation.email)}.` };
  });
  if (result.status === "success") refresh(customerId);
  return result;
}

export async function disableStorefrontAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    const { sessionsEnded } = await disableStorefrontAccess({ ctx, customerId });
    return { status: "success", message: `Storefront access is off. ${sessionsEnded} ${sessionsEnded === 1 ? "session" : "sessions"} ended.` };
  });
  if (result.status === "success") refresh(customerId);
  return result;
}

export async function inviteStorefrontUserAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    const user = await inviteCustomerUser({
      ctx,
      customerId,
      input: {
        email: field(formData, "email") ?? "",
        firstName: field(formData, "firstName") ?? "",
        lastName: field(formData, "lastName") ?? "",
        role: field(formData, "role") === "admin" ? "admin" : "member",
      },
    });
    return { status: "success", message: `Invitation ${sentTo(user.email)}.` };
  });
  if (result.status === "success") refresh(customerId);
  return result;
}

export async function resendStorefrontInvitationAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    const sent = await resendInvitation({ ctx, customerId, invitationId: field(formData, "invitationId") ?? "" });
    return { status: "success", message: `New invitation ${sentTo(sent.email)}. The earlier link no longer works.` };
  });
  if (result.status === "success") refresh(customerId);
  return result;
}

export async function revokeStorefrontInvitationAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    await revokeInvitation({ ctx, customerId, invitationId: field(formData, "invitationId") ?? "" });
    return { status: "success", message: "Invitation revoked. Its link no longer works." };
  });
  if (result.status === "success") refresh(customerId);
  return result;
}

export async function removeStorefrontUserAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    await removeCustomerUser({ ctx, customerId, userId: field(formData, "userId") ?? "" });
    return { status: "success", message: "Removed." };
  });
  if (result.status === "success") refresh(customerId);
  return result;
}

export async function copyStorefrontInvitationLinkAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  return runAction(formData, async () => {
    const link = await createInvitationLink({ ctx, customerId, invitationId: field(formData, "invitationId") ?? "" });
    return { status: "success", message: "New link ready. The link in the earlier mail no longer works.", result: { url: link.url } };
  });
}
