"use server";
import { revalidatePath } from "next/cache";
import { requireStaff } from "@/lib/auth/guards";
import { runAction, type ActionState } from "@/lib/actions";
import { setCatalogAccess } from "@/lib/services/catalog-access";

export async function saveCatalogAccessAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    const mode = formData.get("mode") === "selected" ? "selected" : "all";
    // With the whole catalog the ticks are not sent, and the earlier selection is kept for later.
    const productUids = mode === "selected" ? formData.getAll("productUids").filter((value): value is string => typeof value === "string") : undefined;
    const saved = await setCatalogAccess({ ctx, customerId, input: { mode, productUids } });
    return {
      status: "success",
      message: saved.mode === "all" ? "Saved: the customer may use every active product." : `Saved: the customer may use ${saved.productUids.length} selected ${saved.productUids.length === 1 ? "product" : "products"}.`,
    };
  });
  if (result.status === "success") revalidatePath(`/customers/${customerId}`, "layout");
  return result;
}
