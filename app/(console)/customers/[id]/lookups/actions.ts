"use server";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import secureJsonParse from "secure-json-parse";
import { requireStaff } from "@/lib/auth/guards";
import { field, runAction, type ActionState } from "@/lib/actions";
import { isAppError } from "@/lib/errors";
import { createLookup, deleteLookup, deleteLookupEntry, updateLookup, upsertLookupEntry } from "@/lib/services/lookups";
import { previewOrder, type OrderPreview } from "@/lib/services/orders/preview";
import type { LookupField } from "@/db/schema/enums";

const lookupsPath = (customerId: string) => `/customers/${customerId}/lookups`;

export async function createLookupAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  let lookupId = "";
  const result = await runAction(formData, async () => {
    const lookup = await createLookup({
      ctx,
      customerId,
      input: {
        name: field(formData, "name") ?? "",
        field: (field(formData, "field") ?? "") as LookupField,
        description: field(formData, "description") ?? null,
        strict: formData.get("strict") === "on",
        defaultValue: field(formData, "defaultValue") ?? null,
      },
    });
    lookupId = lookup.id;
  });
  if (result.status === "error") return result;
  revalidatePath(lookupsPath(customerId));
  redirect(`${lookupsPath(customerId)}/${lookupId}`);
}

export async function updateLookupAction(customerId: string, lookupId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  return runAction(formData, async () => {
    await updateLookup({
      ctx,
      lookupId,
      input: {
        name: field(formData, "name") ?? "",
        description: field(formData, "description") ?? null,
        strict: formData.get("strict") === "on",
        defaultValue: field(formData, "defaultValue") ?? null,
      },
    });
    revalidatePath(lookupsPath(customerId), "layout");
    return { status: "success", message: "Settings saved." };
  });
}

export async function deleteLookupAction(customerId: string, lookupId: string): Promise<void> {
  const ctx = await requireStaff();
  await deleteLookup({ ctx, lookupId });
  revalidatePath(lookupsPath(customerId), "layout");
  redirect(lookupsPath(customerId));
}

/** Adds a row (no previous key) or changes one, from the inline editor. */
export async function saveEntryAction(customerId: string, lookupId: string, entry: { previousKey?: string; key: string; value: string }): Promise<ActionState> {
  const ctx = await requireStaff();
  return runAction(undefined, async () => {
    await upsertLookupEntry({ ctx, lookupId, previousKey: entry.previousKey, entry: { key: String(entry.key ?? ""), value: String(entry.value ?? "") } });
    revalidatePath(lookupsPath(customerId), "layout");
  });
}

export async function deleteEntryAction(customerId: string, lookupId: string, key: string): Promise<ActionState> {
  const ctx = await requireStaff();
  return runAction(undefined, async () => {
    await deleteLookupEntry({ ctx, lookupId, key: String(key) });
    revalidatePath(lookupsPath(customerId), "layout");
  });
}

export type PreviewState =
  | { status: "idle" }
  | { status: "done"; preview: OrderPreview }
  | { status: "error"; message: string; problems: Array<{ path: string; message: string }> };

export async function previewOrderAction(customerId: string, dialect: string, text: string): Promise<PreviewState> {
  const ctx = await requireStaff();
  let body: unknown;
  try {
    body = secureJsonParse.parse(String(text), undefined, { protoAction: "error", constructorAction: "error" });
  } catch (error) {
    return { status: "error", message: "The order is not valid JSON", problems: [{ path: "(body)", message: error instanceof Error ? error.message : String(error) }] };
  }
  try {
    return { status: "done", preview: await previewOrder({ ctx, customerId, dialect: String(dialect), body }) };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { status: "error", message: error.message, problems: error.reason === "dialect_unavailable" ? [] : error.details };
  }
}

