"use server";
import type { z } from "zod";
import { revalidatePath } from "next/cache";
import { requireStaff } from "@/lib/auth/guards";
import { field, runAction, type ActionState } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import {
  createConnector,
  createSharedConnector,
  getSnippetSetup,
  revokeConnector,
  rotateConnectorSecret,
  updateConnector,
  type updateConnectorInput,
} from "@/lib/services/connectors";
import { orderApisPath } from "./paths";

// Every action is bound to its scope (a customer id, or null for shared connectors), so a page
// of one customer can only ever act on that customer's connectors.

export async function createConnectorAction(customerId: string | null, _state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  return runAction(formData, async () => {
    const input = { type: (field(formData, "type") ?? "") as "gelato" | "siteflow", name: field(formData, "name") ?? "" };
    const connector = customerId
      ? await createConnector({ ctx, customerId, input })
      : await createSharedConnector({ ctx, input: { ...input, allCustomers: true } });
    const setup = await getSnippetSetup({ ctx, connector });
    revalidatePath(orderApisPath(customerId));
    return {
      status: "success",
      result: { connectorId: connector.id, name: connector.name, type: connector.type, secret: connector.secret, setup: JSON.stringify(setup) },
    };
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
