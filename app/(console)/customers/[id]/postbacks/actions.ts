"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireStaff } from "@/lib/auth/guards";
import { field, runAction, type ActionState } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { createTrigger, deleteTrigger, getPostbackSecret, resendPostback, rotatePostbackSecret, sendTestPostback } from "@/lib/services/postbacks";
import type { PostbackEvent } from "@/lib/domain/postbacks";

const base = (customerId: string) => `/customers/${customerId}/postbacks`;

/** "Name: value" lines to a header object; a line without a colon is a field error. */
function parseHeaders(text: string | undefined): Record<string, string> | undefined {
  if (!text) return undefined;
  const headers: Record<string, string> = {};
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === "") continue;
    const colon = line.indexOf(":");
    if (colon <= 0) {
      throw new AppError("validation_failed", "Headers are not valid", { details: [{ path: "headers", message: `line ${index + 1}: write one header per line as Name: value` }] });
    }
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** Service paths like `headers.X-Key` or `events[2]` belong to one form field. */
function toFormFields(state: ActionState): ActionState {
  if (!state.fieldErrors) return state;
  const fieldErrors: Record<string, string> = {};
  for (const [path, message] of Object.entries(state.fieldErrors)) {
    const name = path.split(/[.[]/)[0]!;
    const detail = path === name ? message : `${path.slice(name.length).replace(/^\./, "")} ${message}`;
    fieldErrors[name] ??= detail;
  }
  return { ...state, fieldErrors };
}

export async function createTriggerAction(customerId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    const delivery = field(formData, "delivery") === "email" ? "email" : "url";
    const events = formData.getAll("events").map(String) as PostbackEvent[];
    const trigger = await createTrigger({
      ctx,
      customerId,
      input:
        delivery === "email"
          ? { name: field(formData, "name"), events, email: field(formData, "email") ?? "", template: field(formData, "template") }
          : {
              name: field(formData, "name"),
              events,
              url: field(formData, "url") ?? "",
              method: (field(formData, "method") ?? "POST") as "POST" | "PUT",
              headers: parseHeaders(field(formData, "headers")),
              template: field(formData, "template"),
            },
    });
    revalidatePath(base(customerId));
    return { status: "success", message: `Trigger ${trigger.name ? `“${trigger.name}” ` : ""}created. Send a test to check the receiver.` };
  });
  return toFormFields(result);
}

export async function deleteTriggerAction(customerId: string, formData: FormData): Promise<void> {
  const ctx = await requireStaff();
  await deleteTrigger({ ctx, triggerId: String(formData.get("triggerId") ?? "") });
  revalidatePath(base(customerId));
}

export async function sendTestAction(customerId: string, formData: FormData): Promise<void> {
  const ctx = await requireStaff();
  const delivery = await sendTestPostback({ ctx, triggerId: String(formData.get("triggerId") ?? "") });
  revalidatePath(base(customerId));
  redirect(`${base(customerId)}/${delivery.id}`);
}

export async function revealSecretAction(customerId: string): Promise<ActionState> {
  const ctx = await requireStaff();
  return runAction(undefined, async () => {
    const secret = await getPostbackSecret({ ctx, customerId });
    revalidatePath(base(customerId));
    return { status: "success", result: { secret: secret.secret } };
  });
}

export async function rotateSecretAction(customerId: string): Promise<ActionState> {
  const ctx = await requireStaff();
  return runAction(undefined, async () => {
    const secret = await rotatePostbackSecret({ ctx, customerId });
    revalidatePath(base(customerId));
    return { status: "success", result: { secret: secret.secret, previousSecretExpiresAt: secret.previousSecretExpiresAt ?? "" } };
  });
}

export async function resendAction(customerId: string, deliveryId: string): Promise<ActionState> {
  const ctx = await requireStaff();
  return runAction(undefined, async () => {
    await resendPostback({ ctx, deliveryId });
    revalidatePath(`${base(customerId)}/${deliveryId}`);
    return { status: "success", message: "Queued with the same webhook-id. Refresh in a moment to see the new attempt." };
  });
}
