"use server";
import { revalidatePath } from "next/cache";
import { requireStaff } from "@/lib/auth/guards";
import { field, runAction, type ActionState } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import {
  approveStoreOrders,
  connectStore,
  disconnectStore,
  getStore,
  getWebhookEventBody,
  ignoreVariant,
  replayWebhookEvent,
  requestProductSync,
  restoreStoreWebhooks,
  syncStore,
  updateStore,
} from "@/lib/services/stores";
import { approveOrder, getOrder } from "@/lib/services/orders";
import { linkVariantFromForm, shopifyTokenInput, wooCommerceKeysInput } from "@/lib/services/stores/forms";

function refresh(customerId: string): void {
  revalidatePath(`/customers/${customerId}/stores`, "layout");
}

/** The store of the form, only when it belongs to the customer whose page this is. */
async function storeOf(ctx: ServiceContext, customerId: string, formData: FormData) {
  const store = await getStore({ ctx, storeId: field(formData, "storeId") ?? "" });
  if (store.customerId !== customerId) throw new AppError("not_found", "This store belongs to another customer");
  return store;
}

export async function connectShopifyTokenAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    const store = await connectStore({ ctx, customerId, input: shopifyTokenInput(formData) });
    return { status: "success", message: `${store.name} is connected. New paid orders arrive by themselves.` };
  });
  if (result.status === "success") refresh(customerId);
  return result;
}

export async function connectWooCommerceKeysAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    const store = await connectStore({ ctx, customerId, input: wooCommerceKeysInput(formData) });
    return { status: "success", message: `${store.name} is connected. New paid orders arrive by themselves.` };
  });
  if (result.status === "success") refresh(customerId);
  return result;
}

export async function setApprovalModeAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    const store = await storeOf(ctx, customerId, formData);
    const updated = await updateStore({ ctx, storeId: store.id, input: { approvalMode: field(formData, "approvalMode") === "manual" ? "manual" : "auto" } });
    return { status: "success", message: updated.approvalMode === "manual" ? "New orders now wait for approval." : "New orders now go to production by themselves." };
  });
  if (result.status === "success") refresh(customerId);
  return result;
}

export async function syncStoreAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    const store = await storeOf(ctx, customerId, formData);
    await syncStore({ ctx, storeId: store.id });
    return { status: "success", message: "Sync started: orders changed since the last sync are fetched now." };
  });
  if (result.status === "success") refresh(customerId);
  return result;
}

export async function disconnectStoreAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    const store = await storeOf(ctx, customerId, formData);
    await disconnectStore({ ctx, storeId: store.id });
    return { status: "success", message: `${store.name} is disconnected. Orders already received stay in production.` };
  });
  if (result.status === "success") refresh(customerId);
  return result;
}

export async function syncProductsAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    const store = await storeOf(ctx, customerId, formData);
    const sync = await requestProductSync({ ctx, storeId: store.id });
    return { status: "success", message: sync.joined ? "A sync is already under way; its progress is shown above." : "Sync started: the shop's products are read now." };
  });
  if (result.status === "success") refresh(customerId);
  return result;
}

// Linking and ignoring from the console are changes made on the customer's behalf; the audit log says so.
export async function linkOnBehalfAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    await linkVariantFromForm(ctx, customerId, formData);
    return { status: "success", message: "Linked on the customer's behalf. Orders waiting for this variant are processed again." };
  });
  if (result.status === "success") refresh(customerId);
  return result;
}

export async function ignoreOnBehalfAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    const store = await storeOf(ctx, customerId, formData);
    await ignoreVariant({ ctx, storeId: store.id, input: { externalProductId: field(formData, "externalProductId"), externalVariantId: field(formData, "externalVariantId") ?? "" } });
    return { status: "success", message: "Ignored on the customer's behalf. Waiting orders are processed again without it." };
  });
  if (result.status === "success") refresh(customerId);
  return result;
}

export async function restoreWebhooksAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    const store = await storeOf(ctx, customerId, formData);
    const restored = await restoreStoreWebhooks({ ctx, storeId: store.id });
    return restored.health.webhooks === "ok"
      ? { status: "success", message: "Webhook subscriptions are in place." }
      : { status: "error", message: "The shop did not accept the subscriptions; the sync log says why." };
  });
  if (result.status === "success") refresh(customerId);
  return result;
}

export async function replayWebhookAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    const event = await replayWebhookEvent({ ctx, eventId: field(formData, "eventId") ?? "" });
    if (event.customerId !== customerId) throw new AppError("not_found", "This delivery belongs to another customer");
    return { status: "success", message: "Queued again: the outcome shows here in a few seconds." };
  });
  if (result.status === "success") refresh(customerId);
  return result;
}

export async function approveStoreOrderAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    const store = await storeOf(ctx, customerId, formData);
    const order = await getOrder({ ctx, orderId: field(formData, "orderId") ?? "" });
    if (order.storeId !== store.id) throw new AppError("not_found", "This order belongs to another store");
    await approveOrder({ ctx, orderId: order.id });
    return { status: "success", message: "Approved: the order goes to production." };
  });
  if (result.status === "success") refresh(customerId);
  return result;
}

export async function approveAllAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    const store = await storeOf(ctx, customerId, formData);
    const outcome = await approveStoreOrders({ ctx, storeId: store.id });
    return { status: "success", message: `${outcome.approved} order${outcome.approved === 1 ? "" : "s"} approved.` };
  });
  if (result.status === "success") refresh(customerId);
  return result;
}

export async function webhookBodyAction(eventId: string): Promise<{ body?: string; message?: string }> {
  const ctx = await requireStaff();
  const result = await runAction(undefined, async () => {
    const event = await getWebhookEventBody({ ctx, eventId });
    return { status: "success", result: { body: event.body } };
  });
  return result.status === "success" ? { body: result.result?.body } : { message: result.message };
}
