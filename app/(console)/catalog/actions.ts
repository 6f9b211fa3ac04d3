"use server";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { requireStaff } from "@/lib/auth/guards";
import { field, runAction, type ActionState } from "@/lib/actions";
import { isAppError } from "@/lib/errors";
import { createProduct, createShippingMethod, deleteShippingMethod, importProductsCsv, updateProduct, type ImportResult } from "@/lib/services/catalog";

/** Options arrive as parallel optionName/optionValue fields; rows with no name are dropped. */
function productFields(formData: FormData) {
  const names = formData.getAll("optionName").map(String);
  const values = formData.getAll("optionValue").map(String);
  const options: Record<string, string> = {};
  names.forEach((name, index) => {
    if (name.trim()) options[name.trim()] = values[index] ?? "";
  });
  const fileTypes = formData.getAll("fileTypes").map(String).filter((value) => value.trim() !== "");
  return {
    title: field(formData, "title") ?? "",
    description: field(formData, "description") ?? null,
    options,
    fileTypes,
  };
}

export async function createProductAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  let id = "";
  const result = await runAction(formData, async () => {
    const product = await createProduct({ ctx, input: { productUid: field(formData, "productUid") ?? "", ...productFields(formData) } });
    id = product.id;
  });
  if (result.status === "error") return result;
  revalidatePath("/catalog");
  redirect(`/catalog/${id}?created=1`);
}

export async function updateProductAction(productUid: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  return runAction(formData, async () => {
    await updateProduct({ ctx, productUid, input: productFields(formData) });
    revalidatePath("/catalog", "layout");
    return { status: "success", message: "Changes saved." };
  });
}

export async function setProductActiveAction(productUid: string, active: boolean): Promise<void> {
  const ctx = await requireStaff();
  await updateProduct({ ctx, productUid, input: { active } });
  revalidatePath("/catalog", "layout");
}

export type ImportState = { status: "idle" | "success" | "error"; message?: string; fileName?: string; result?: ImportResult };

export async function importProductsAction(_state: ImportState, formData: FormData): Promise<ImportState> {
  const ctx = await requireStaff();
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) return { status: "error", message: "Choose a CSV file to import." };
  try {
    const result = await importProductsCsv({ ctx, csv: await file.text() });
    revalidatePath("/catalog", "layout");
    return { status: "success", fileName: file.name, result };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { status: "error", fileName: file.name, message: error.message };
  }
}

export async function createShippingMethodAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  return runAction(formData, async () => {
    const method = await createShippingMethod({ ctx, input: { uid: field(formData, "uid") ?? "", name: field(formData, "name") ?? "" } });
    revalidatePath("/catalog/shipping-methods");
    return { status: "success", message: `Added ${method.name} (${method.uid}).` };
  });
}

export async function deleteShippingMethodAction(formData: FormData): Promise<void> {
  const ctx = await requireStaff();
  await deleteShippingMethod({ ctx, shippingMethodId: String(formData.get("shippingMethodId") ?? "") });
  revalidatePath("/catalog/shipping-methods");
}
