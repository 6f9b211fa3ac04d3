"use server";
import type { z } from "zod";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireStaff } from "@/lib/auth/guards";
import { field, runAction, type ActionState } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import {
  createConnector,
  createSharedConnector,
  revokeConnector,
  rotateConnectorSecret,
  updateConnector,
  type updateConnectorInput,
} from "@/lib/services/connectors";
import { addSampleProduct } from "@/lib/services/catalog";
import { clearNewSecret, stashNewSecret } from "./fresh-secret";
import { orderApisPath } from "./paths";

// Every action is bound to its scope (a customer id, or null for shared connectors), so a page
// of one customer can only ever act on that customer's connectors.

/** Creates a connector and lands on its own page, where the secret is shown once. */
export async function createConnectorAction(customerId: string | null, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  let landing = "";
  const state = await runAction(formData, async () => {
    const input = { type: (field(formData, "type") ?? "") as "gelato" | "siteflow", name: field(formData, "name") ?? "" };
    const connector = customerId
      ? await createConnector({ ctx, customerId, input })
      : await createSharedConnector({ ctx, input: { ...input, allCustomers: true } });
    landing = `${orderApisPath(customerId)}/${connector.id}`;
    await stashNewSecret(landing, connector.id, connector.secret);
    revalidatePath(orderApisPath(customerId));
  });
  if (landing) redirect(landing);
  return state;
}

/** Forgets the new secret once its page has shown it, so a reload does not show it again. */
export async function forgetNewSecretAction(customerId: string | null, connectorId: string): Promise<void> {
  await requireStaff();
  await clearNewSecret(`${orderApisPath(customerId)}/${connectorId}`);
}

/** Adds the sample product from a connector's page, so its example orders something real. */
export async function addSampleProductAction(customerId: string | null, connectorId: string): Promise<ActionState> {
  const ctx = await requireStaff();
  return runAction(undefined, async () => {
    const product = await addSampleProduct({ ctx });
    revalidatePath(`${orderApisPath(customerId)}/${connectorId}`);
    return { status: "success", message: `Added “${product.title}” (${product.productUid}) to the catalog; the example orders it.` };
  });
}

export async function rotateSecretAction(customerId: string | null, connectorId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  return runAction(formData, async () => {
    const { secret } = await rotateConnectorSecret({ ctx, connectorId, customerId });
    return { status: "success", result: { secret } };
  });
}

export async function revokeConnectorAction(customerId: string | null, connectorId: string): Promise<void> {
  const ctx = await requireStaff();
  await revokeConnector({ ctx, connectorId, customerId });
  revalidatePath(orderApisPath(customerId), "layout");
}

export async function saveRoutingRulesAction(customerId: string | null, connectorId: string, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  return runAction(undefined, async () => {
    let routingRules: unknown;
    try {
      routingRules = JSON.parse(String(formData.get("routingRules") ?? "[]"));
    } catch {
      throw new AppError("bad_request", "The routing rules could not be read; reload the page and try again");
    }
    await updateConnector({ ctx, connectorId, customerId, input: { routingRules: routingRules as z.input<typeof updateConnectorInput>["routingRules"] } });
    revalidatePath(`${orderApisPath(customerId)}/${connectorId}`);
    return { status: "success", message: "Routing rules saved." };
  });
}
