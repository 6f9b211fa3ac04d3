"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireStaff } from "@/lib/auth/guards";
import { field, runAction, type ActionState } from "@/lib/actions";
import { approveOrder, changeOrderStatus, replaceOrderFile, retryOrderNow, type OrderView } from "@/lib/services/orders";
import { getStore, ignoreVariant } from "@/lib/services/stores";
import { linkVariantFromForm } from "@/lib/services/stores/forms";

/** What processing again came to, in a sentence for the page. */
function outcome(order: OrderView, prefix: string): ActionState {
  revalidatePath(`/orders/${order.id}`);
  switch (order.status) {
    case "passed":
      return { status: "success", message: `${prefix}: all checks passed; the order is ready for production.` };
    case "on_hold":
      return { status: "success", message: `${prefix}: all checks passed; the order is held for approval.` };
    case "failed":
    case "not_connected":
      return { status: "error", message: `${prefix}, but the order is still ${order.status === "failed" ? "failed" : "not connected"}: ${order.statusReason ?? "see the items"}` };
    default:
      return { status: "success", message: `${prefix}: the order is ${order.status.replace("_", " ")}.` };
  }
}

export async function retryOrderAction(orderId: string): Promise<ActionState> {
  const ctx = await requireStaff();
  return runAction(undefined, async () => outcome(await retryOrderNow({ ctx, orderId }), "Processed again"));
}

export async function replaceFileAction(orderId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const state = await runAction(formData, async () => {
    const [itemId = "", fileIndex = "0"] = (field(formData, "file") ?? "").split(":");
    const order = await replaceOrderFile({ ctx, orderId, input: { itemId, fileIndex, url: field(formData, "url") ?? "" } });
    return outcome(order, "File replaced and processed again");
  });
  // The form picks item and file in one field.
  const { itemId, fileIndex, ...rest } = state.fieldErrors ?? {};
  return state.fieldErrors ? { ...state, fieldErrors: { ...rest, ...(itemId || fileIndex ? { file: (itemId ?? fileIndex)! } : {}) } } : state;
}

export async function cancelOrderAction(orderId: string): Promise<ActionState> {
  const ctx = await requireStaff();
  return runAction(undefined, async () => {
    await changeOrderStatus({ ctx, orderId, input: { status: "canceled", message: "Canceled by staff" } });
    revalidatePath(`/orders/${orderId}`);
    return { status: "success", message: "Order canceled; it will not be produced." };
  });
}

export async function linkVariantAction(orderId: string, customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    await linkVariantFromForm(ctx, customerId, formData);
  });
  if (result.status !== "success") return result;
  revalidatePath(`/orders/${orderId}`);
  redirect(`/orders/${orderId}?fixed=linked`);
}

export async function ignoreVariantAction(orderId: string, customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    const store = await getStore({ ctx, storeId: field(formData, "storeId") ?? "" });
    if (store.customerId !== customerId) return { status: "error", message: "This store belongs to another customer." };
    await ignoreVariant({ ctx, storeId: store.id, input: { externalProductId: field(formData, "externalProductId"), externalVariantId: field(formData, "externalVariantId") ?? "" } });
  });
  if (result.status !== "success") return result;
  revalidatePath(`/orders/${orderId}`);
  redirect(`/orders/${orderId}?fixed=ignored`);
}

export async function approveOrderAction(orderId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    await approveOrder({ ctx, orderId });
  });
  if (result.status !== "success") return result;
  revalidatePath(`/orders/${orderId}`);
  redirect(`/orders/${orderId}?fixed=approved`);
}
