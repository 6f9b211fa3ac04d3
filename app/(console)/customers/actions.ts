"use server";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { requireStaff } from "@/lib/auth/guards";
import { field, runAction, type ActionState } from "@/lib/actions";
import { createCustomer, deactivateCustomer, deleteCustomer, getCustomer, reactivateCustomer, updateCustomer } from "@/lib/services/customers";

export async function createCustomerAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  let id = "";
  const result = await runAction(formData, async () => {
    const customer = await createCustomer({
      ctx,
      input: { name: field(formData, "name") ?? "", referenceId: field(formData, "referenceId") ?? null, description: field(formData, "description") ?? null },
    });
    id = customer.id;
  });
  if (result.status === "error") return result;
  revalidatePath("/customers");
  redirect(`/customers/${id}`);
}

export async function updateCustomerAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    await updateCustomer({
      ctx,
      customerId,
      input: { name: field(formData, "name") ?? "", referenceId: field(formData, "referenceId") ?? null, description: field(formData, "description") ?? null },
    });
  });
  if (result.status === "error") return result;
  revalidatePath(`/customers/${customerId}`);
  redirect(`/customers/${customerId}`);
}

export async function setCustomerActiveAction(customerId: string, active: boolean): Promise<void> {
  const ctx = await requireStaff();
  if (active) await reactivateCustomer({ ctx, customerId });
  else await deactivateCustomer({ ctx, customerId });
  revalidatePath("/customers");
  revalidatePath(`/customers/${customerId}`, "layout");
}

export async function deleteCustomerAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    const customer = await getCustomer({ ctx, customerId });
    if ((field(formData, "confirmName") ?? "").trim() !== customer.name) {
      return { status: "error", message: "Type the customer's name exactly to delete it.", fieldErrors: { confirmName: `Type “${customer.name}”` } };
    }
    await deleteCustomer({ ctx, customerId });
  });
  if (result.status === "error") return result;
  revalidatePath("/customers");
  redirect("/customers");
}
