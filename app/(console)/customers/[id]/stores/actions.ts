"use server";
import { revalidatePath } from "next/cache";
import { requireStaff } from "@/lib/auth/guards";
import { field, runAction, type ActionState } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { connectStore, disconnectStore, getStore, ignoreVariant, requestProductSync, syncStore, updateStore } from "@/lib/services/stores";
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
