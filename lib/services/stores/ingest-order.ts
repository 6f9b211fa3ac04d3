import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { ShopOrder } from "@/connectors/types";
import { queryRows } from "@/db/client";
import { type ignoredVariants, orderItems, orderShipments, orders, type productLinks } from "@/db/schema";
import type { OrderStatus } from "@/db/schema/enums";
import { isCancellable } from "@/lib/domain/status";
import { enqueue } from "@/lib/jobs/enqueue";
import { createContext, withTransaction, type ServiceContext } from "../context";
import { getCatalogSnapshot } from "../catalog/snapshot";
import { getCustomerLookups } from "../lookups/snapshot";
import { insertOrder, intakeOrder, orderSourceIs, stableStringify, type IntakeInput } from "../orders/intake";
import { recordOrderEvent } from "../orders/events";
import { replaceOrderContent } from "../orders/replace-content";
import { applyTransition, type OrderRow } from "../orders/transition";
import type { StoreRow } from "./access";
import { buildShopOrder, shopOrderDigest, type BuiltShopOrder } from "./build-order";
import { openStore, type OpenedStore } from "./session";
import { platformLabel } from "./shop-errors";
import { recordStoreEvent } from "./log";

export type IngestOutcome = {
  kind: "created" | "updated" | "unchanged" | "not_taken";
  orderId: string | null;
  message: string;
};

/** Statuses before production: the shop may still change the address, processing runs again. */
const beforeProduction: ReadonlySet<OrderStatus> = new Set(["created", "passed", "not_connected", "failed", "on_hold"]);
const processable: ReadonlySet<OrderStatus> = new Set(["created", "not_connected", "failed"]);

type ProductLinkSets = {
  links: Array<Pick<typeof productLinks.$inferSelect, "externalProductId" | "externalVariantId" | "productUid" | "files">>;
  ignored: Array<Pick<typeof ignoredVariants.$inferSelect, "externalProductId" | "externalVariantId">>;
  /** `product:variant` of links whose variant changed in the shop. */
  attention: string[];
};

type VariantKey = { externalProductId: string; externalVariantId: string };
type ProductLinkRows = Omit<ProductLinkSets, "attention"> & { attention: VariantKey[] };

const jsonValue = <T>(value: unknown): T => (typeof value === "string" ? JSON.parse(value) : value) as T;

/**
 * The links, ignored variants and flagged ("needs attention") variants of some products of a
 * store, in one statement: on the embedded database each statement has a fixed cost that three
 * separate reads would pay three times.
 */
async function readProductLinks(ctx: Pick<ServiceContext, "db">, storeId: string, ids: readonly string[]): Promise<ProductLinkRows> {
  if (ids.length === 0) return { links: [], ignored: [], attention: [] };
  const list = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  const [row] = await queryRows<{ links: unknown; ignored: unknown; attention: unknown }>(
    ctx.db,
    sql`select
      coalesce((select json_agg(json_build_object('externalProductId', l.external_product_id, 'externalVariantId', l.external_variant_id,
        'productUid', l.product_uid, 'files', l.files)) from product_links l where l.store_id = ${storeId} and l.external_product_id in (${list})), '[]') as links,
      coalesce((select json_agg(json_build_object('externalProductId', i.external_product_id, 'externalVariantId', i.external_variant_id))
        from ignored_variants i where i.store_id = ${storeId} and i.external_product_id in (${list})), '[]') as ignored,
      coalesce((select json_agg(json_build_object('externalProductId', v.external_product_id, 'externalVariantId', coalesce(v.external_variant_id, ''))) from store_variants v
        where v.store_id = ${storeId} and v.external_product_id in (${list}) and v.link_state = 'attention'), '[]') as attention`,
  );
  return { links: jsonValue(row!.links), ignored: jsonValue(row!.ignored), attention: jsonValue(row!.attention) };
}

/**
 * Product links read for the orders of one batch (a webhook job's deliveries, a poll's page):
 * orders that share products read them once. Orders read in one batch see the links as they
 * were when the batch first asked for their products.
 */
export class ProductLinkCache {
  private readonly byProduct = new Map<string, Promise<ProductLinkRows>>();

  constructor(private readonly storeId: string) {}

  async linksFor(ctx: Pick<ServiceContext, "db">, productIds: ReadonlyArray<string | null | undefined>): Promise<ProductLinkSets> {
    const ids = [...new Set(productIds.filter((id): id is string => Boolean(id)))];
    const missing = ids.filter((id) => !this.byProduct.has(id));
    if (missing.length > 0) {
      const read = readProductLinks(ctx, this.storeId, missing);
      // A failed read is not kept: the next order asks again.
      read.catch(() => {
        for (const id of missing) this.byProduct.delete(id);
      });
      for (const id of missing) this.byProduct.set(id, read.then((sets) => onlyProduct(sets, id)));
    }
    const parts = await Promise.all(ids.map((id) => this.byProduct.get(id)!));
    return {
      links: parts.flatMap((part) => part.links),
      ignored: parts.flatMap((part) => part.ignored),
      attention: parts.flatMap((part) => part.attention.map((variant) => `${variant.externalProductId}:${variant.externalVariantId}`)),
    };
  }
}

function onlyProduct(sets: ProductLinkRows, productId: string): ProductLinkRows {
  const own = (row: { externalProductId: string | null }) => row.externalProductId === productId;
  return { links: sets.links.filter(own), ignored: sets.ignored.filter(own), attention: sets.attention.filter(own) };
}

/** An order already taken for a shop order: its id and extra (which holds the version applied). */
export type KnownOrder = { id: string; extra: Record<string, unknown> };

/** The orders of a store already taken for these shop order ids: id and extra (with the version applied). */
export async function knownOrders(ctx: Pick<ServiceContext, "db">, store: StoreRow, externalIds: string[]): Promise<Map<string, KnownOrder>> {
  if (externalIds.length === 0) return new Map();
  const rows = await ctx.db
    .select({ id: orders.id, externalId: orders.externalId, extra: orders.extra })
    .from(orders)
    .where(orderSourceIs(store.customerId, store.platform, store.id, externalIds));
  return new Map(rows.map((row) => [row.externalId, { id: row.id, extra: row.extra }]));
}

/**
 * The one way a shop order enters Inkbridge, for webhooks and the reconciliation poll alike:
 * re-read the order from the platform (a webhook is only a hint), decide whether it is taken,
 * and upsert it by (store, external id). Repeats, retries and out-of-order deliveries end in one
 * order with the latest state.
 *
 * `known`: the order already taken for this shop order (null: none) when the caller looked it up
 * with others; left out, it is looked up here.
 */
export async function ingestStoreOrder(
  ctx: ServiceContext,
  store: StoreRow,
  externalOrderId: string,
  options: { opened?: OpenedStore; known?: KnownOrder | null; links?: ProductLinkCache } = {},
): Promise<IngestOutcome> {
  const opened = options.opened ?? openStore(ctx, store);
  const order = await opened.connector.getOrder(opened.session, externalOrderId);
  if (!order) return { kind: "not_taken", orderId: null, message: `${platformLabel(store.platform)} no longer has order ${externalOrderId}` };
  return takeShopOrder(ctx, store, order, { known: options.known, links: options.links });
}

/** Upserts an order already read from the platform (the poll reads them a page at a time). */
export async function takeShopOrder(
  ctx: ServiceContext,
  store: StoreRow,
  order: ShopOrder,
  options: { known?: KnownOrder | null; links?: ProductLinkCache } = {},
): Promise<IngestOutcome> {
  const storeCtx = createContext({ type: "store", storeId: store.id, customerId: store.customerId }, { db: ctx.db, log: ctx.log });
  // Repeats and out-of-order copies are the common case (platforms send several topics per change
  // and deliver at least once): a version already applied, or older than it, ends here without a lock.
  const known = options.known !== undefined ? options.known : (await knownOrders(ctx, store, [order.externalId])).get(order.externalId);
  if (known) {
    const applied = typeof known.extra.shopUpdatedAt === "string" ? Date.parse(known.extra.shopUpdatedAt) : NaN;
    const updated = Date.parse(order.updatedAt);
    if (updated < applied) return { kind: "unchanged", orderId: known.id, message: "An older copy of the order; the newer one was already applied" };
    if (updated === applied && known.extra.shopDigest === shopOrderDigest(order)) return { kind: "unchanged", orderId: known.id, message: "This version of the order was already applied" };
  }
  const [{ links, ignored, attention }, lookups, catalog] = await Promise.all([
    (options.links ?? new ProductLinkCache(store.id)).linksFor(
      ctx,
      order.lines.map((line) => line.externalProductId),
    ),
    getCustomerLookups(ctx.db, store.customerId),
    getCatalogSnapshot(ctx.db),
  ]);
  const built = buildShopOrder(store, order, { links, ignored, lookups, catalog, attention: new Set(attention) });
  const taken = (orderId: string) =>
    built.kind === "order" && built.holdReason
      ? `Order ${order.name || order.externalId} taken as ${orderId}, on hold: ${built.holdReason}`
      : `Order ${order.name || order.externalId} taken as ${orderId}`;
  const intakeOf = (intakeCtx: ServiceContext, shopOrder: Extract<BuiltShopOrder, { kind: "order" }>): IntakeInput => ({
    ctx: intakeCtx,
    customerId: store.customerId,
    channel: store.platform,
    connectorId: null,
    storeId: store.id,
    prepared: { order: shopOrder.order, trace: shopOrder.trace, problems: [] },
    rawBody: JSON.stringify(order.raw ?? null),
    payload: shopOrder.order,
  });
  // A shop order seen for the first time is written by the one insert statement the order APIs use,
  // shared with the other new orders of the moment and without a transaction: the unique index
  // decides between writers, and the one that finds the order already there takes the locked path below.
  if (!known && built.kind === "order" && !built.holdReason) {
    const created = await insertOrder(intakeOf(storeCtx, built));
    if (created) return { kind: "created", orderId: created.id, message: taken(created.id) };
  }
  return withTransaction(storeCtx, async (tx) => {
    // One writer per shop order at a time: the webhook job and the poll may meet here.
    await tx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${`${store.id}:${order.externalId}`}))`);
    const [existing] = await tx.db
      .select()
      .from(orders)
      .where(orderSourceIs(store.customerId, store.platform, store.id, order.externalId))
      .for("update");
    if (existing) return updateShopOrder(tx, store, existing, order, built);
    if (built.kind === "not_taken") {
      await recordStoreEvent(tx, {
        storeId: store.id,
        customerId: store.customerId,
        type: "order.not_taken",
        externalOrderId: order.externalId,
        message: `Order ${order.name || order.externalId} not taken: ${built.reason}`,
      });
      return { kind: "not_taken", orderId: null, message: built.reason };
    }
    const result = await intakeOrder(intakeOf(tx, built));
    if (built.holdReason) {
      const [created] = await tx.db.select().from(orders).where(eq(orders.id, result.order.id));
      if (created && created.status === "created") {
        await applyTransition(tx, created, "on_hold", { message: built.holdReason });
        await tx.db.update(orders).set({ extra: { ...created.extra, shopAddressWithheld: true } }).where(eq(orders.id, created.id));
      }
    }
    return { kind: "created", orderId: result.order.id, message: taken(result.order.id) };
  });
}

async function updateShopOrder(tx: ServiceContext, store: StoreRow, row: OrderRow, order: ShopOrder, built: BuiltShopOrder): Promise<IngestOutcome> {
  const platform = platformLabel(store.platform);
  const seen = typeof row.extra.shopUpdatedAt === "string" ? Date.parse(row.extra.shopUpdatedAt) : NaN;
  if (Date.parse(order.updatedAt) < seen) return { kind: "unchanged", orderId: row.id, message: "An older copy of the order; the newer one was already applied" };
  const noted = (extra: Record<string, unknown>) => ({ extra: { ...row.extra, ...extra, shopUpdatedAt: order.updatedAt, shopDigest: shopOrderDigest(order) } });

  if (order.status === "cancelled") {
    if (row.status === "canceled") return { kind: "unchanged", orderId: row.id, message: "Already canceled" };
    if (isCancellable(row.status) && beforeProduction.has(row.status)) {
      await applyTransition(tx, row, "canceled", { message: `Cancelled in ${platform}` });
      await tx.db.update(orders).set(noted({})).where(eq(orders.id, row.id));
      return { kind: "updated", orderId: row.id, message: `Canceled: cancelled in ${platform}` };
    }
    if (row.extra.shopCancelledAt) return { kind: "unchanged", orderId: row.id, message: "Cancellation already flagged" };
    await tx.db.update(orders).set(noted({ shopCancelledAt: order.updatedAt })).where(eq(orders.id, row.id));
    await recordOrderEvent(tx, {
      orderId: row.id,
      customerId: row.customerId,
      type: "order.shop_cancelled",
      message: `Cancelled in ${platform} after production started (${row.status.replace("_", " ")}): check with the shop owner`,
    });
    return { kind: "updated", orderId: row.id, message: "Cancelled in the shop after production started: flagged for staff" };
  }

  if (built.kind !== "order") return { kind: "unchanged", orderId: row.id, message: `Nothing to change (${built.reason.toLowerCase()})` };
  if (row.status === "canceled") return { kind: "unchanged", orderId: row.id, message: "The order is canceled" };
  if (row.extra.shopAddressWithheld === true) {
    if (built.holdReason || row.status !== "on_hold") return { kind: "unchanged", orderId: row.id, message: "Still waiting for the address" };
    // The platform shares the address now: the order takes it and is processed.
    await replaceOrderContent({
      ctx: tx,
      customerId: row.customerId,
      orderId: row.id,
      prepared: { order: { ...built.order, extra: { ...built.order.extra, shopAddressWithheld: false } }, trace: built.trace, problems: [] },
      rawBody: JSON.stringify(order.raw ?? null),
      payload: built.order,
    });
    return { kind: "updated", orderId: row.id, message: `${platform} shares the shipping address now: the order is processed` };
  }

  // Lines edited in the shop: before production the order takes the new content and is processed again.
  const lines = (items: ReadonlyArray<{ externalItemId?: string | null; quantity: number }>) =>
    items
      .map((item) => `${item.externalItemId ?? ""}:${item.quantity}`)
      .sort()
      .join(",");
  const stored = await tx.db.select({ externalItemId: orderItems.externalItemId, quantity: orderItems.quantity }).from(orderItems).where(eq(orderItems.orderId, row.id));
  const nextLines = lines(built.order.items);
  if (lines(stored) !== nextLines) {
    if (beforeProduction.has(row.status)) {
      await replaceOrderContent({
        ctx: tx,
        customerId: row.customerId,
        orderId: row.id,
        prepared: { order: built.order, trace: built.trace, problems: [] },
        rawBody: JSON.stringify(order.raw ?? null),
        payload: built.order,
      });
      return { kind: "updated", orderId: row.id, message: `Items changed in ${platform}: the order is processed again` };
    }
    if (row.extra.shopLinesSeen !== nextLines) {
      await tx.db.update(orders).set(noted({ shopLinesSeen: nextLines })).where(eq(orders.id, row.id));
      await recordOrderEvent(tx, {
        orderId: row.id,
        customerId: row.customerId,
        type: "order.shop_items_changed",
        message: `The order's items changed in ${platform} after production started: check with the shop owner`,
      });
      return { kind: "updated", orderId: row.id, message: "Items changed after production started: flagged for staff" };
    }
  }
  const next = built.order.shipments[0]!.address;
  const [shipment] = await tx.db.select().from(orderShipments).where(eq(orderShipments.orderId, row.id)).orderBy(orderShipments.shipmentIndex).limit(1);
  if (!shipment || stableStringify(shipment.address) === stableStringify(next)) return { kind: "unchanged", orderId: row.id, message: "No change that matters to production" };

  if (!beforeProduction.has(row.status)) {
    // A fingerprint, not the address itself: the flag need not keep a second copy of personal data.
    const hash = createHash("sha256").update(stableStringify(next)).digest("base64url");
    if (row.extra.shopAddressSeen === hash) return { kind: "unchanged", orderId: row.id, message: "Address change already flagged" };
    await tx.db.update(orders).set(noted({ shopAddressSeen: hash })).where(eq(orders.id, row.id));
    await recordOrderEvent(tx, {
      orderId: row.id,
      customerId: row.customerId,
      type: "order.shop_address_changed",
      message: `The shipping address changed in ${platform} after production started: check the parcel's address`,
    });
    return { kind: "updated", orderId: row.id, message: "Address changed after production started: flagged for staff" };
  }
  await tx.db.update(orderShipments).set({ address: next }).where(eq(orderShipments.id, shipment.id));
  await tx.db
    .update(orders)
    .set({ recipientName: `${next.firstName} ${next.lastName}`.trim() || null, ...noted({}) })
    .where(eq(orders.id, row.id));
  await recordOrderEvent(tx, { orderId: row.id, customerId: row.customerId, type: "order.updated", message: `Shipping address changed in ${platform}`, data: { addressChanged: true } });
  // Processing compares versions: an order it was working on is picked up again with the new address.
  if (processable.has(row.status)) await enqueue(tx, "order.process", { orderId: row.id }, { key: `${row.id}:address:${order.updatedAt}` });
  return { kind: "updated", orderId: row.id, message: "Shipping address updated" };
}
