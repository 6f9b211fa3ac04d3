"use server";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { requireCustomerUser } from "@/lib/auth/guards";
import { runAction, type ActionState } from "@/lib/actions";
import { portalCommands } from "./commands";

// Each action: the signed-in customer user, then the command of the same name (commands.ts).

export async function inviteUserAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireCustomerUser();
  const result = await runAction(formData, () => portalCommands.inviteUser(ctx, formData));
  if (result.status === "success") revalidatePath("/portal/users");
  return result;
}

export async function resendInvitationAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireCustomerUser();
  const result = await runAction(formData, () => portalCommands.resendInvitation(ctx, formData));
  if (result.status === "success") revalidatePath("/portal/users");
  return result;
}

export async function revokeInvitationAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireCustomerUser();
  const result = await runAction(formData, () => portalCommands.revokeInvitation(ctx, formData));
  if (result.status === "success") revalidatePath("/portal/users");
  return result;
}

export async function removeUserAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireCustomerUser();
  const result = await runAction(formData, () => portalCommands.removeUser(ctx, formData));
  if (result.status === "success") revalidatePath("/portal/users");
  return result;
}

export async function changePasswordAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireCustomerUser();
  const result = await runAction(formData, () => portalCommands.changePassword(ctx, formData));
  if (result.status === "error") return result;
  redirect("/sign-in");
}

export async function signOutEverywhereAction(): Promise<void> {
  const ctx = await requireCustomerUser();
  await portalCommands.signOutEverywhere(ctx);
  redirect("/sign-in");
}

export async function connectShopifyTokenAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireCustomerUser();
  const result = await runAction(formData, () => portalCommands.connectShopifyToken(ctx, formData));
  if (result.status === "success") revalidatePath("/portal/stores", "layout");
  return result;
}

export async function connectWooCommerceKeysAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireCustomerUser();
  const result = await runAction(formData, () => portalCommands.connectWooCommerceKeys(ctx, formData));
  if (result.status === "success") revalidatePath("/portal/stores", "layout");
  return result;
}

export async function setApprovalModeAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireCustomerUser();
  const result = await runAction(formData, () => portalCommands.setApprovalMode(ctx, formData));
  if (result.status === "success") revalidatePath("/portal/stores", "layout");
  return result;
}

export async function syncStoreAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireCustomerUser();
  const result = await runAction(formData, () => portalCommands.syncStore(ctx, formData));
  if (result.status === "success") revalidatePath("/portal/stores", "layout");
  return result;
}

export async function disconnectStoreAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireCustomerUser();
  const result = await runAction(formData, () => portalCommands.disconnectStore(ctx, formData));
  if (result.status === "success") revalidatePath("/portal/stores", "layout");
  return result;
}

export async function syncProductsAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireCustomerUser();
  const result = await runAction(formData, () => portalCommands.syncProducts(ctx, formData));
  if (result.status === "success") revalidatePath("/portal/stores", "layout");
  return result;
}

export async function publishProductAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireCustomerUser();
  const result = await runAction(formData, () => portalCommands.publishProduct(ctx, formData));
  if (result.status === "success") revalidatePath("/portal/stores", "layout");
  return result;
}

export async function linkVariantAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireCustomerUser();
  const result = await runAction(formData, () => portalCommands.linkVariant(ctx, formData));
  if (result.status !== "success") return result;
  revalidatePath("/portal", "layout");
  // From a store's Products page there is no order to go back to.
  if (!formData.get("orderId")) return result;
  redirect(`/portal/orders/${encodeURIComponent(String(formData.get("orderId") ?? ""))}?fixed=linked`);
}

export async function ignoreVariantAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireCustomerUser();
  const result = await runAction(formData, () => portalCommands.ignoreVariant(ctx, formData));
  if (result.status !== "success") return result;
  revalidatePath("/portal", "layout");
  // From a store's Products page there is no order to go back to.
  if (!formData.get("orderId")) return result;
  redirect(`/portal/orders/${encodeURIComponent(String(formData.get("orderId") ?? ""))}?fixed=ignored`);
}

export async function approveOrderAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireCustomerUser();
  const result = await runAction(formData, () => portalCommands.approveOrder(ctx, formData));
  if (result.status !== "success") return result;
  revalidatePath("/portal", "layout");
  redirect(`/portal/orders/${encodeURIComponent(String(formData.get("orderId") ?? ""))}?fixed=approved`);
}

export async function restoreWebhooksAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireCustomerUser();
  const result = await runAction(formData, () => portalCommands.restoreWebhooks(ctx, formData));
  if (result.status === "success") revalidatePath("/portal/stores", "layout");
  return result;
}

export async function replayWebhookAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireCustomerUser();
  const result = await runAction(formData, () => portalCommands.replayWebhook(ctx, formData));
  if (result.status === "success") revalidatePath("/portal/stores", "layout");
  return result;
}

export async function approveAllAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireCustomerUser();
  const result = await runAction(formData, () => portalCommands.approveAll(ctx, formData));
  if (result.status === "success") revalidatePath("/portal/stores", "layout");
  return result;
}

export async function webhookBodyAction(eventId: string): Promise<{ body?: string; message?: string }> {
  const ctx = await requireCustomerUser();
  const form = new FormData();
  form.set("eventId", eventId);
  const result = await runAction(undefined, () => portalCommands.webhookBody(ctx, form));
  return result.status === "success" ? { body: result.result?.body } : { message: result.message };
}
