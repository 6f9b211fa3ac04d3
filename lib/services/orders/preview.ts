import { z } from "zod";
import { dialectRegistry, type DialectName } from "./dialects";
import type { OrderChannel } from "@/db/schema/enums";
import type { CanonicalOrder, LookupTraceEntry, OrderProblem } from "@/lib/domain/order";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "../context";
import { authorize } from "../permissions";
import { parseInput } from "../parse";
import { getCustomerRowOrThrow } from "../customers/get";
import { prepareOrder } from "./prepare";
import { findCustomerOrderRow } from "./get";

export const previewDialectNames = ["gelato", "siteflow"] as const satisfies readonly DialectName[];

const labels: Record<DialectName, string> = { gelato: "Gelato", siteflow: "Site Flow" };
const channels: Record<DialectName, OrderChannel> = { gelato: "gelato_api", siteflow: "siteflow_api" };

const previewInput = z.object({ dialect: z.enum(previewDialectNames) });

export type OrderPreview = {
  dialect: DialectName;
  /** True when intake would accept this order as it is. */
  valid: boolean;
  /** The canonical order after lookups and catalog resolution; null when the dialect could not read the body. */
  order: CanonicalOrder | null;
  /** Each value a lookup changed, in the order they were applied. */
  trace: LookupTraceEntry[];
  problems: OrderProblem[];
  /** This customer's stored order with the same reference: sending this one would return it, or be refused as a duplicate. */
  existingOrderId: string | null;
};

/** The dialects the preview knows, and whether this server has each translator. */
export function listPreviewDialects(): Array<{ name: DialectName; label: string; available: boolean }> {
  const dialects = dialectRegistry();
  return previewDialectNames.map((name) => ({ name, label: dialects[name]?.label ?? labels[name], available: Boolean(dialects[name]) }));
}

/**
 * Runs an order in a dialect through the same translation, lookups and catalog checks as intake
 * and shows the outcome, without storing anything.
 */
export async function previewOrder({ ctx, customerId, dialect, body }: { ctx: ServiceContext; customerId: string; dialect: string; body: unknown }): Promise<OrderPreview> {
  authorize(ctx, "read");
  const { dialect: name } = parseInput(previewInput, { dialect });
  await getCustomerRowOrThrow(ctx, customerId);
  const translator = dialectRegistry()[name];
  if (!translator) {
    throw new AppError("bad_request", `The ${labels[name]} dialect is not available on this server, so its orders cannot be previewed`, {
      reason: "dialect_unavailable",
      details: [{ path: "dialect", message: "not available on this server" }],
    });
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new AppError("validation_failed", "Send the order as a JSON object", { details: [{ path: "(root)", message: "must be a JSON object" }] });
  }
  const parsed = translator.parse(body, {});
  if (!parsed.ok) return { dialect: name, valid: false, order: null, trace: [], problems: parsed.problems, existingOrderId: null };
  const prepared = await prepareOrder(ctx.db, customerId, parsed.input, parsed.paths);
  const reference = typeof prepared.order.externalId === "string" ? prepared.order.externalId : "";
  const existing = reference ? await findCustomerOrderRow(ctx, customerId, reference, channels[name]) : undefined;
  return {
    dialect: name,
    valid: prepared.problems.length === 0,
    order: prepared.order,
    trace: prepared.trace,
    problems: prepared.problems,
    existingOrderId: existing && existing.externalId === reference && existing.channel === channels[name] ? existing.id : null,
  };
}
