import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { createId } from "@/lib/ids";
import { jobIdFor, pokeQueue } from "@/lib/jobs/enqueue";
import { orderItems, orderShipments, orders, productLinks, storeVariants } from "@/db/schema";
import type { StoredOrderFile } from "@/db/schema";
import type { OrderStatus } from "@/db/schema/enums";
import type { LookupTraceEntry } from "@/lib/domain/order";
import { canTransition } from "@/lib/domain/status";
import { getEnv } from "@/lib/env";
import { mapLimit } from "@/lib/concurrency";
import { checkArtworkUrls, displayUrl, fetchPolicyFromEnv, type FetchPolicy, type FileCheck } from "@/lib/files";
import type { LookupSet } from "@/lib/lookups/apply";
import { actorId, actorLabel, afterCommit, withTransaction, type ServiceContext } from "../context";
import { getCatalogSnapshot, type CatalogSnapshot } from "../catalog/snapshot";
import { loadCustomerLookups } from "../lookups/snapshot";
import { addressProblems } from "./check-address";
import { resolveItemProduct } from "./resolve-items";
import { applyTransition } from "./transition";
import { notifyCondition, statusEventType } from "./events";

const processable: ReadonlySet<OrderStatus> = new Set(["created", "not_connected", "failed"]);

export type ProcessRequest = { orderId: string; /** Earlier tries of this job (0 on the first). */ attempt?: number };
export type ProcessOutcome = { status?: OrderStatus; retry?: Error };
export type ProcessOptions = {
  policy?: FetchPolicy;
  /** Retries a file that failed transiently (timeout, 5xx) gets before the order fails. */
  transientRetries?: number;
  /** Transactions written at once (PostgreSQL runs them on separate connections). */
  concurrency?: number;
};

/** A file check failed in a way worth retrying; the job runs again later. */
export class TransientCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TransientCheckError";
  }
}

type OrderRow = Pick<typeof orders.$inferSelect, "id" | "customerId" | "storeId" | "status" | "holdForApproval" | "updatedAt" | "statusReason">;
type LinkRow = Pick<typeof productLinks.$inferSelect, "storeId" | "externalProductId" | "externalVariantId" | "productUid" | "files">;
type ItemRow = typeof orderItems.$inferSelect;
type ShipmentRow = Pick<typeof orderShipments.$inferSelect, "orderId" | "shipmentIndex" | "address">;
type ItemReason = { status: OrderStatus; reason: string | null };

type Move = {
  kind: "move";
  to: OrderStatus;
  message: string;
  itemReasons: Map<string, ItemReason>;
  resolved: Array<{ itemId: string; productUid: string; files?: StoredOrderFile[] }>;
  trace: LookupTraceEntry[];
};
type Decision = { kind: "retry"; error: Error } | Move;
type LockedOrder = typeof orders.$inferSelect;

const ordersPerTransaction = 10;

/**
 * The processing step for a batch of orders: resolves items that arrived without a product,
 * checks every print file and the shipping addresses, then moves each order to `passed` (or
 * `on_hold` when held for approval), `not_connected` or `failed` with a reason per item.
 * Files are fetched before any transaction opens; the orders are then written a few to a short
 * transaction. Idempotent: an order already past processing, or changed since it was read, is
 * left alone.
 */
export async function processOrders(ctx: ServiceContext, requests: readonly ProcessRequest[], options: ProcessOptions = {}): Promise<Map<string, ProcessOutcome>> {
  if (ctx.transaction) throw new Error("processOrders fetches files and must not run inside a transaction");
  const attempts = new Map<string, number>();
  for (const request of requests) attempts.set(request.orderId, Math.max(attempts.get(request.orderId) ?? 0, request.attempt ?? 0));
  const outcomes = new Map<string, ProcessOutcome>([...attempts.keys()].map((id) => [id, {}]));
  if (attempts.size === 0) return outcomes;

  const rows: OrderRow[] = await ctx.db
    .select({
      id: orders.id,
      customerId: orders.customerId,
      storeId: orders.storeId,
      status: orders.status,
      holdForApproval: orders.holdForApproval,
      updatedAt: orders.updatedAt,
      statusReason: orders.statusReason,
    })
    .from(orders)
    .where(inArray(orders.id, [...attempts.keys()]));
  for (const row of rows) outcomes.set(row.id, { status: row.status });
  const work = rows.filter((row) => processable.has(row.status));
  if (work.length === 0) return outcomes;

  const ids = work.map((row) => row.id);
  const [itemRows, shipmentRows] = await Promise.all([
    ctx.db.select().from(orderItems).where(inArray(orderItems.orderId, ids)).orderBy(asc(orderItems.orderId), asc(orderItems.position)),
    ctx.db
      .select({ orderId: orderShipments.orderId, shipmentIndex: orderShipments.shipmentIndex, address: orderShipments.address })
      .from(orderShipments)
      .where(inArray(orderShipments.orderId, ids)),
  ]);
  const itemsByOrder = groupBy(itemRows, (item) => item.orderId);
  const shipmentsByOrder = groupBy(shipmentRows, (shipment) => shipment.orderId);

  // Lookups are read afresh: a re-run is often caused by a lookup change this process may not have seen yet.
  const needLookups = new Set(work.filter((row) => itemsByOrder.get(row.id)?.some((item) => !item.productUid)).map((row) => row.customerId));
  const lookups = new Map<string, LookupSet>(await Promise.all([...needLookups].map(async (customerId) => [customerId, await loadCustomerLookups(ctx.db, customerId)] as const)));
  const catalog = needLookups.size ? await getCatalogSnapshot(ctx.db) : undefined;
  // Shop orders resolve through their store's product links before the SKU lookup.
  const linkStores = [...new Set(work.filter((row) => row.storeId && itemsByOrder.get(row.id)?.some((item) => !item.productUid)).map((row) => row.storeId!))];
  const links = linkStores.length
    ? groupBy(
        await ctx.db
          .select({
            storeId: productLinks.storeId,
            externalProductId: productLinks.externalProductId,
            externalVariantId: productLinks.externalVariantId,
            productUid: productLinks.productUid,
            files: productLinks.files,
          })
          .from(productLinks)
          .where(inArray(productLinks.storeId, linkStores)),
        (link) => link.storeId,
      )
    : new Map<string, LinkRow[]>();
  // A linked variant the shop changed since (SKU, options, gone) stops its orders with the reason.
  const attention = new Map<string, string>(
    linkStores.length
      ? (
          await ctx.db
            .select({ storeId: storeVariants.storeId, productId: storeVariants.externalProductId, variantId: storeVariants.externalVariantId, reason: storeVariants.attentionReason })
            .from(storeVariants)
            .where(and(inArray(storeVariants.storeId, linkStores), eq(storeVariants.linkState, "attention")))
        ).map((row) => [`${row.storeId}:${row.productId}:${row.variantId ?? ""}`, row.reason ?? "the variant changed in the shop"])
      : [],
  );

  const plans = work.map((row) =>
    planOrder(row, itemsByOrder.get(row.id) ?? [], shipmentsByOrder.get(row.id) ?? [], lookups.get(row.customerId), catalog, (row.storeId && links.get(row.storeId)) || [], attention),
  );
  const urls = plans.filter((plan) => plan.unresolved.size === 0).flatMap((plan) => plan.items.flatMap((item) => item.files.map((file) => file.url)));
  // A failed order runs again when staff ask, typically after fixing a file: look again.
  const recheck = new Set(plans.filter((plan) => plan.row.status === "failed").flatMap((plan) => plan.items.flatMap((item) => item.files.map((file) => file.url))));
  const checks = await checkArtworkUrls(ctx.db, urls, { policy: options.policy ?? fetchPolicyFromEnv(getEnv()), recheckFailures: recheck });

  const transientRetries = options.transientRetries ?? 3;
  const moves: Array<{ row: OrderRow; decision: Move }> = [];
  for (const plan of plans) {
    const decision = decide(plan, checks, attempts.get(plan.row.id)!, transientRetries);
    if (decision.kind === "retry") outcomes.set(plan.row.id, { status: plan.row.status, retry: decision.error });
    else moves.push({ row: plan.row, decision });
  }
  // The usual move (a straight step, nothing resolved on the way) is written for the whole batch
  // in one statement; what it leaves (changed meanwhile, or an unusual move) goes the long way.
  const simple = moves.filter(({ row, decision }) => isSimpleMove(row, decision));
  const moved = await applySimpleMoves(ctx, simple).catch(() => new Set<string>());
  for (const { row, decision } of simple) if (moved.has(row.id)) outcomes.set(row.id, { status: decision.to });
  const rest = moves.filter(({ row }) => !moved.has(row.id));
  // A few orders per transaction saves round trips while keeping each transaction short.
  const chunks: Array<typeof moves> = [];
  for (let start = 0; start < rest.length; start += ordersPerTransaction) chunks.push(rest.slice(start, start + ordersPerTransaction));
  await mapLimit(chunks, options.concurrency ?? 4, async (chunk) => {
    try {
      const statuses = await applyMoves(ctx, chunk);
      for (const { row } of chunk) outcomes.set(row.id, { status: statuses.get(row.id) ?? row.status });
    } catch {
      // One order's trouble must not hold back the others: write them one by one.
      for (const move of chunk) {
        try {
          outcomes.set(move.row.id, { status: (await applyMoves(ctx, [move])).get(move.row.id) ?? move.row.status });
        } catch (error) {
          outcomes.set(move.row.id, { status: move.row.status, retry: error instanceof Error ? error : new Error(String(error)) });
        }
      }
    }
  });
  return outcomes;
}

/** Processes one order; throws when it should be tried again later. */
export async function processOrder(ctx: ServiceContext, orderId: string, options: ProcessOptions & { attempt?: number } = {}): Promise<OrderStatus | undefined> {
  const outcome = (await processOrders(ctx, [{ orderId, attempt: options.attempt }], options)).get(orderId);
  if (outcome?.retry) throw outcome.retry;
  return outcome?.status;
}

type Plan = {
  row: OrderRow;
  items: ItemRow[];
  /** Items still without a product, with the reason. */
  unresolved: Map<string, string>;
  resolved: Array<{ itemId: string; productUid: string; files?: StoredOrderFile[]; trace: LookupTraceEntry | undefined }>;
  /** Address problems by shipment index. */
  addressProblems: Map<number, string[]>;
};

/** The store link a shop order's item stands for: its variant's own, else one for the whole product. */
function linkOf(item: ItemRow, links: readonly LinkRow[]): LinkRow | undefined {
  const productId = typeof item.extra.externalProductId === "string" ? item.extra.externalProductId : undefined;
  const variantId = typeof item.extra.externalVariantId === "string" ? item.extra.externalVariantId : null;
  if (!productId || links.length === 0) return undefined;
  return (
    links.find((link) => link.externalProductId === productId && link.externalVariantId !== null && link.externalVariantId === variantId) ??
    links.find((link) => link.externalProductId === productId && link.externalVariantId === null)
  );
}

function planOrder(
  row: OrderRow,
  rawItems: ItemRow[],
  shipments: ShipmentRow[],
  lookups: LookupSet | undefined,
  catalog: CatalogSnapshot | undefined,
  links: readonly LinkRow[],
  attention: ReadonlyMap<string, string> = new Map(),
): Plan {
  const changed = (item: ItemRow) =>
    row.storeId && typeof item.extra.externalProductId === "string"
      ? attention.get(`${row.storeId}:${item.extra.externalProductId}:${typeof item.extra.externalVariantId === "string" ? item.extra.externalVariantId : ""}`)
      : undefined;
  const items = rawItems.map((item) => {
    const link = item.productUid || changed(item) ? undefined : linkOf(item, links);
    return link ? { ...item, productUid: link.productUid, files: link.files, linked: true } : item;
  });
  const plan: Plan = { row, items, unresolved: new Map(), resolved: [], addressProblems: new Map() };
  for (const item of items) {
    if ("linked" in item) {
      plan.resolved.push({ itemId: item.id, productUid: item.productUid!, files: item.files, trace: undefined });
      continue;
    }
    if (item.productUid) continue;
    const reason = changed(item);
    if (reason) {
      plan.unresolved.set(item.id, `its link needs attention: ${reason}. Check the link and save it again`);
      continue;
    }
    const resolution = resolveItemProduct(item, lookups ?? {}, catalog ?? { products: new Map(), shippingMethods: null, shippingMethodNames: new Map() });
    if ("reason" in resolution) plan.unresolved.set(item.id, resolution.reason);
    else plan.resolved.push({ itemId: item.id, productUid: resolution.productUid, trace: resolution.trace });
  }
  for (const shipment of shipments) {
    const problems = addressProblems(shipment.address);
    if (problems.length) plan.addressProblems.set(shipment.shipmentIndex, problems);
  }
  return plan;
}

function itemLabel(item: ItemRow): string {
  // Shop lines are named as the shop shows them, so the owner recognises the variant to link.
  const title = typeof item.extra.title === "string" && item.extra.title ? item.extra.title : undefined;
  if (title) return `“${typeof item.extra.variantTitle === "string" && item.extra.variantTitle ? `${title} – ${item.extra.variantTitle}` : title}”`;
  return item.externalItemId ? `Item ${item.externalItemId}` : `Item ${item.position + 1}`;
}

function summary(lines: string[]): string {
  return lines.length > 1 ? `${lines[0]} (and ${lines.length - 1} more)` : (lines[0] ?? "");
}

function decide(plan: Plan, checks: Map<string, FileCheck>, attempt: number, transientRetries: number): Decision {
  const mayRetry = attempt < transientRetries;
  const itemReasons = new Map<string, ItemReason>();
  const resolved = plan.resolved.map(({ itemId, productUid, files }) => ({ itemId, productUid, ...(files ? { files } : {}) }));
  const trace = plan.resolved.flatMap((entry) => (entry.trace ? [entry.trace] : []));

  if (plan.unresolved.size > 0) {
    const lines: string[] = [];
    for (const item of plan.items) {
      const reason = plan.unresolved.get(item.id);
      if (!reason) continue;
      itemReasons.set(item.id, { status: "not_connected", reason });
      lines.push(`${itemLabel(item)}: ${reason}`);
    }
    // Nothing is written back until every item has its product, so a later lookup change still applies.
    return { kind: "move", to: "not_connected", message: summary(lines), itemReasons, resolved: [], trace: [] };
  }

  const lines: string[] = [];
  const transient: string[] = [];
  let permanent = false;
  const problemsByItem = plan.items.map((item) => {
    const problems: Array<{ text: string; transient: boolean }> = [];
    for (const file of item.files) {
      const check = checks.get(file.url);
      if (!check || check.ok) continue;
      problems.push({ text: `${file.type}: ${displayUrl(file.url)} ${check.reason}`, transient: check.transient });
    }
    const address = plan.addressProblems.get(item.shipmentIndex);
    if (address) problems.push({ text: `Shipping address ${address.join(", ")}`, transient: false });
    if (item.files.length === 0) problems.push({ text: "No print file", transient: false });
    for (const problem of problems) {
      if (problem.transient) transient.push(problem.text);
      else permanent = true;
    }
    return problems;
  });
  // Waiting only helps when nothing else is wrong: a missing file fails the order either way.
  if (transient.length && mayRetry && !permanent) return { kind: "retry", error: new TransientCheckError(`Will try again: ${transient.join("; ")}`) };
  const gaveUp = transient.length && !permanent ? ` (gave up after ${attempt + 1} tries)` : "";
  plan.items.forEach((item, index) => {
    const problems = problemsByItem[index]!.map((problem) => (problem.transient ? `${problem.text}${gaveUp}` : problem.text));
    if (problems.length) {
      itemReasons.set(item.id, { status: "failed", reason: problems.join("; ") });
      lines.push(`${itemLabel(item)}: ${problems.join("; ")}`);
    } else {
      itemReasons.set(item.id, { status: "passed", reason: null });
    }
  });
  if (lines.length) return { kind: "move", to: "failed", message: summary(lines), itemReasons, resolved, trace };
  const held = plan.row.holdForApproval === "yes";
  return {
    kind: "move",
    to: held ? "on_hold" : "passed",
    message: held ? (plan.row.storeId ? "awaiting approval" : "Held for approval by its routing rule") : "All checks passed; ready for production",
    itemReasons: new Map(),
    resolved,
    trace,
  };
}

function isSimpleMove(row: OrderRow, decision: Move): boolean {
  return decision.resolved.length === 0 && decision.trace.length === 0 && row.status !== decision.to && canTransition(row.status, decision.to);
}

/**
 * Writes straight moves in one statement: each order moves only if it still has the status and
 * version it was read with (so a concurrent change wins and nothing is written twice), its items
 * get their statuses, its event is appended, and the postback job is queued when a trigger
 * listens. Returns the ids of the orders moved.
 */
async function applySimpleMoves(ctx: ServiceContext, moves: Array<{ row: OrderRow; decision: Move }>): Promise<Set<string>> {
  if (moves.length === 0) return new Set();
  const orderInput = moves.map(({ row, decision }) => {
    const eventId = createId("event");
    return {
      id: row.id,
      customer_id: row.customerId,
      from_status: row.status,
      updated_at: row.updatedAt.toISOString(),
      to_status: decision.to,
      message: decision.message,
      event_id: eventId,
      event_type: statusEventType(decision.to),
      job_id: jobIdFor("order.notify", eventId),
    };
  });
  // Items take the order's new status unless the decision names theirs (with a reason).
  const itemInput = moves.flatMap(({ decision }) => [...decision.itemReasons].map(([itemId, reason]) => ({ item_id: itemId, status: reason.status, reason: reason.reason })));
  const now = new Date().toISOString();
  const rows = await queryRows<{ id: string }>(
    ctx.db,
    sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(orderInput)}::jsonb) as x(id text, customer_id text, from_status text,
        updated_at timestamptz, to_status text, message text, event_id text, event_type text, job_id uuid)
    ), moved as (
      update orders o set status = i.to_status, status_reason = i.message, status_changed_at = ${now}::timestamptz, updated_at = ${now}::timestamptz
      from input i where o.id = i.id and o.status = i.from_status and o.updated_at = i.updated_at
      returning o.id
    ), item_input as (
      select * from jsonb_to_recordset(${JSON.stringify(itemInput)}::jsonb) as y(item_id text, status text, reason text)
    ), items as (
      update order_items it
      set status = coalesce((select y.status from item_input y where y.item_id = it.id), i.to_status),
        status_reason = (select y.reason from item_input y where y.item_id = it.id), updated_at = ${now}::timestamptz
      from moved m join input i on i.id = m.id
      where it.order_id = m.id
    ), events as (
      insert into order_events (id, created_at, order_id, customer_id, type, from_status, to_status, actor_type, actor_id, actor_label, message, data)
      select i.event_id, ${now}::timestamptz, i.id, i.customer_id, i.event_type, i.from_status, i.to_status, ${ctx.actor.type}, ${actorId(ctx.actor)},
        ${actorLabel(ctx.actor)}, i.message, '{}'::jsonb
      from input i join moved m on m.id = i.id
    ), notify as (
      insert into job_outbox (job_id, queue, payload)
      select i.job_id, 'order.notify', jsonb_build_object('eventId', i.event_id)
      from input i join moved m on m.id = i.id
      where ${notifyCondition(sql`i.customer_id`, sql`i.event_type`)}
    )
    select id from moved`,
  );
  if (rows.length > 0) afterCommit(ctx, pokeQueue);
  return new Set(rows.map((row) => row.id));
}

async function applyMoves(ctx: ServiceContext, moves: Array<{ row: OrderRow; decision: Move }>): Promise<Map<string, OrderStatus>> {
  return withTransaction(ctx, async (tx) => {
    // Locked in id order, so two workers holding overlapping batches cannot deadlock.
    const locked = await tx.db
      .select()
      .from(orders)
      .where(inArray(orders.id, moves.map(({ row }) => row.id)))
      .orderBy(asc(orders.id))
      .for("update");
    const byId = new Map(locked.map((row) => [row.id, row]));
    // Issued together, the orders' statements share round trips on the transaction's connection.
    const statuses = await Promise.all(
      moves.map(async ({ row: read, decision }) => {
        const row = byId.get(read.id);
        return [read.id, row ? await applyMove(tx, read, row, decision) : read.status] as const;
      }),
    );
    return new Map(statuses);
  });
}

async function applyMove(tx: ServiceContext, read: OrderRow, row: LockedOrder, decision: Move): Promise<OrderStatus> {
  // Changed since it was read (content replaced, canceled, processed by another job): that change queued what it needs.
  if (row.status !== read.status || row.updatedAt.getTime() !== read.updatedAt.getTime()) return row.status;
  for (const { itemId, productUid, files } of decision.resolved) {
    await tx.db
      .update(orderItems)
      .set({ productUid, ...(files ? { files } : {}) })
      .where(eq(orderItems.id, itemId));
  }
  if (decision.trace.length) {
    await tx.db
      .update(orders)
      .set({ lookupTrace: sql`${orders.lookupTrace} || ${JSON.stringify(decision.trace)}::jsonb` })
      .where(eq(orders.id, row.id));
  }
  if (row.status === decision.to) {
    // Same outcome as last time (a repeated job): refresh the reasons, add no event.
    await setItemStatuses(tx, row.id, decision.to, decision.itemReasons);
    if (row.statusReason !== decision.message) await tx.db.update(orders).set({ statusReason: decision.message }).where(eq(orders.id, row.id));
    return row.status;
  }
  let current = row;
  // The status machine holds orders only from `created` or `passed`; a held order fixed later passes first.
  if (decision.to === "on_hold" && !canTransition(current.status, "on_hold")) {
    current = await applyTransition(tx, current, "passed", { message: "All checks passed" });
  }
  current = await applyTransition(tx, current, decision.to, { message: decision.message, itemReasons: decision.itemReasons });
  return current.status;
}

async function setItemStatuses(ctx: ServiceContext, orderId: string, status: OrderStatus, reasons: Map<string, ItemReason>): Promise<void> {
  await ctx.db.update(orderItems).set({ status, statusReason: null }).where(eq(orderItems.orderId, orderId));
  for (const [itemId, item] of reasons) {
    await ctx.db.update(orderItems).set({ status: item.status, statusReason: item.reason }).where(eq(orderItems.id, itemId));
  }
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}
