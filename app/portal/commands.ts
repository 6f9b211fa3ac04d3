import type { ActionState } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { changePassword, signOutEverywhere } from "@/lib/services/account";
import { inviteCustomerUser, removeCustomerUser, resendInvitation } from "@/lib/services/storefront";
import type { PortalContext } from "./loaders";

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value.trim() : "";
}

/**
 * What each portal form does, keyed by its action name (see actions.ts). Every command acts on
 * the signed-in user's own customer; ids from the form are checked against it by the services.
 */
export const portalCommands = {
  inviteUser: async (ctx: PortalContext, formData: FormData): Promise<ActionState> => {
    const user = await inviteCustomerUser({
      ctx,
      customerId: ctx.user.customerId,
      input: { email: text(formData, "email"), firstName: text(formData, "firstName"), lastName: text(formData, "lastName"), role: text(formData, "role") === "admin" ? "admin" : "member" },
    });
    return { status: "success", message: `Invitation sent to ${user.email}.` };
  },
  resendInvitation: async (ctx: PortalContext, formData: FormData): Promise<ActionState> => {
    const sent = await resendInvitation({ ctx, customerId: ctx.user.customerId, userId: text(formData, "userId") });
    return { status: "success", message: `New link sent to ${sent.email}.` };
  },
  removeUser: async (ctx: PortalContext, formData: FormData): Promise<ActionState> => {
    await removeCustomerUser({ ctx, customerId: ctx.user.customerId, userId: text(formData, "userId") });
    return { status: "success", message: "Removed." };
  },
  changePassword: async (ctx: PortalContext, formData: FormData): Promise<ActionState> => {
    const newPassword = String(formData.get("newPassword") ?? "");
    if (newPassword !== formData.get("confirm")) {
      throw new AppError("validation_failed", "The new passwords do not match", { details: [{ path: "confirm", message: "does not match the new password" }] });
    }
    await changePassword({ ctx, input: { currentPassword: String(formData.get("currentPassword") ?? ""), newPassword } });
    return { status: "success" };
  },
  signOutEverywhere: async (ctx: PortalContext): Promise<ActionState> => {
    await signOutEverywhere({ ctx });
    return { status: "success" };
  },
};

export type PortalCommand = keyof typeof portalCommands;
