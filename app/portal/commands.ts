import type { ActionState } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { changePassword, signOutEverywhere } from "@/lib/services/account";
import { inviteCustomerUser, removeCustomerUser, resendInvitation, revokeInvitation } from "@/lib/services/storefront";
import {
  approveStoreOrders,
  connectStore,
  disconnectStore,
  getStore,
  getWebhookEventBody,
  ignoreVariant,
  publishProduct,
  replayWebhookEvent,
  requestProductSync,
  restoreStoreWebhooks,
  syncStore,
  updateStore,
} from "@/lib/services/stores";
import { approveOrder, getOrder } from "@/lib/services/orders";
import { linkVariantFromForm, shopifyTokenInput, wooCommerceKeysInput } from "@/lib/services/stores/forms";
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
    const sent = await resendInvitation({ ctx, customerId: ctx.user.customerId, invitationId: text(formData, "invitationId") });
    return { status: "success", message: `New link sent to ${sent.email}.` };
  },
  revokeInvitation: async (ctx: PortalContext, formData: FormData): Promise<ActionState> => {
    await revokeInvitation({ ctx, customerId: ctx.user.customerId, invitationId: text(formData, "invitationId") });
    return { status: "success", message: "Invitation revoked." };
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
  connectShopifyToken: async (ctx: PortalContext, formData: FormData): Promise<ActionState> => {
    const store = await connectStore({ ctx, customerId: ctx.user.customerId, input: shopifyTokenInput(formData) });
    return { status: "success", message: `${store.name} is connected. New paid orders arrive by themselves.`, result: { storeId: store.id } };
  },
  connectWooCommerceKeys: async (ctx: PortalContext, formData: FormData): Promise<ActionState> => {
    const store = await connectStore({ ctx, customerId: ctx.user.customerId, input: wooCommerceKeysInput(formData) });
    return { status: "success", message: `${store.name} is connected. New paid orders arrive by themselves.`, result: { storeId: store.id } };
  },
  setApprovalMode: async (ctx: PortalContext, formData: FormData): Promise<ActionState> => {
    const store = await updateStore({ ctx, storeId: text(formData, "storeId"), input: { approvalMode: text(formData, "approvalMode") === "manual" ? "manual" : "auto" } });
    return { status: "success", message: store.approvalMode === "manual" ? "New orders now wait for your approval." : "New orders now go to production by themselves." };
  },
  syncStore: async (ctx: PortalContext, formData: FormData): Promise<ActionState> => {
    await syncStore({ ctx, storeId: text(formData, "storeId") });
    return { status: "success", message: "Sync started: orders changed since the last sync are fetched now." };
  },
  disconnectStore: async (ctx: PortalContext, formData: FormData): Promise<ActionState> => {
    const store = await getStore({ ctx, storeId: text(formData, "storeId") });
    await disconnectStore({ ctx, storeId: store.id });
    return { status: "success", message: `${store.name} is disconnected. Orders already received stay in production.` };
  },
  syncProducts: async (ctx: PortalContext, formData: FormData): Promise<ActionState> => {
    const sync = await requestProductSync({ ctx, storeId: text(formData, "storeId") });
    return { status: "success", message: sync.joined ? "A sync is already under way; its progress is shown above." : "Sync started: the shop's products are read now." };
  },
  publishProduct: async (ctx: PortalContext, formData: FormData): Promise<ActionState> => {
    // Prefixed names: the page also holds link forms with fields of the same meaning.
    const productUid = text(formData, "publish.productUid");
    const files = [...formData.keys()].filter((key) => key.startsWith("publish.file.") && text(formData, key)).map((key) => ({ type: key.slice("publish.file.".length), url: text(formData, key) }));
    const options = text(formData, "options")
      .split("\n")
      .map((line) => line.split(":"))
      .filter((parts) => parts.length === 2 && parts[0]!.trim() && parts[1]!.trim())
      .map(([name, values]) => ({ name: name!.trim(), values: values!.split(",").map((value) => value.trim()).filter(Boolean) }));
    const published = await publishProduct({
      ctx,
      storeId: text(formData, "storeId"),
      input: {
        productUid,
        title: text(formData, "title") || undefined,
        description: text(formData, "description") || undefined,
        price: text(formData, "price"),
        status: text(formData, "status") === "active" ? "active" : "draft",
        ...(options.length ? { options } : {}),
        files,
      },
    });
    return { status: "success", message: `Published with ${published.variants.length} variant${published.variants.length === 1 ? "" : "s"}, linked to ${published.productUid}.` };
  },
  linkVariant: async (ctx: PortalContext, formData: FormData): Promise<ActionState> => {
    await linkVariantFromForm(ctx, ctx.user.customerId, formData);
    return { status: "success", message: "Linked. The order is being processed again." };
  },
  ignoreVariant: async (ctx: PortalContext, formData: FormData): Promise<ActionState> => {
    await ignoreVariant({ ctx, storeId: text(formData, "storeId"), input: { externalProductId: text(formData, "externalProductId") || undefined, externalVariantId: text(formData, "externalVariantId") } });
    return { status: "success", message: "Ignored. The order is processed again without it." };
  },
  restoreWebhooks: async (ctx: PortalContext, formData: FormData): Promise<ActionState> => {
    const store = await restoreStoreWebhooks({ ctx, storeId: text(formData, "storeId") });
    return store.health.webhooks === "ok"
      ? { status: "success", message: "Webhook subscriptions are in place." }
      : { status: "error", message: "The shop did not accept the subscriptions; the sync log says why." };
  },
  replayWebhook: async (ctx: PortalContext, formData: FormData): Promise<ActionState> => {
    await replayWebhookEvent({ ctx, eventId: text(formData, "eventId") });
    return { status: "success", message: "Queued again: the outcome shows here in a few seconds." };
  },
  webhookBody: async (ctx: PortalContext, formData: FormData): Promise<ActionState> => {
    const event = await getWebhookEventBody({ ctx, eventId: text(formData, "eventId") });
    return { status: "success", result: { body: event.body } };
  },
  approveAll: async (ctx: PortalContext, formData: FormData): Promise<ActionState> => {
    const outcome = await approveStoreOrders({ ctx, storeId: text(formData, "storeId") });
    return { status: "success", message: `${outcome.approved} order${outcome.approved === 1 ? "" : "s"} approved: they go to production.` };
  },
  approveOrder: async (ctx: PortalContext, formData: FormData): Promise<ActionState> => {
    // Read first: another customer's order is a 404 for every role.
    const order = await getOrder({ ctx, orderId: text(formData, "orderId") });
    await approveOrder({ ctx, orderId: order.id });
    return { status: "success", message: "Approved: the order goes to production." };
  },
};

export type PortalCommand = keyof typeof portalCommands;
