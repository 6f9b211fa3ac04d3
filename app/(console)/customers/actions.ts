"use server";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { requireStaff } from "@/lib/auth/guards";
import { field, runAction, type ActionState } from "@/lib/actions";
import { createCustomer, updateCustomer } from "@/lib/services/customers";

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
