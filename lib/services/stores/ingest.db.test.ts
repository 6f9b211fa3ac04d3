import { beforeAll, describe, expect, it } from "vitest";
import { createTestCustomer, staffContext } from "@/db/factories";
import { createProduct } from "@/lib/services/catalog";
import { changeOrderStatus, processOrder } from "@/lib/services/orders";
import { systemContext } from "@/lib/services/context";
import { findShopOrder, shippingAddress, useShopifyRuntime } from "@/tests/support/shopify-store";
import { eq } from "drizzle-orm";
import { stores } from "@/db/schema";
import { ALL_SCOPES } from "@/connectors/shopify/fake";
import { connectStore, ingestStoreOrder, linkVariant, loadStoreRow, type StoreRow } from "./index";
import { readCredentials, sealCredentials } from "./session";
import { ProductLinkCache } from "./ingest-order";

// ingestStoreOrder on its own: the one path webhooks and the poll share, called the way
// concurrent jobs would call it.

const shop = "ingest.myshopify.com";
const shopify = await useShopifyRuntime();
const { runtime } = shopify;

let store: StoreRow;
let variantId: string;

beforeAll(async () => {
  const ctx = staffContext(runtime.db);
  await createProduct({ ctx, input: { productUid: "poster_a3", title: "A3 poster", fileTypes: ["default"] } });
  const customer = await createTestCustomer(runtime.db, { name: "Ingest Prints" });
  shopify.fake.shops.createShop(shop);
  const product = shopify.fake.shops.createProduct(shop, { title: "Poster", variants: [{ sku: "POSTER-A3", price: "25" }] });
  variantId = String(product.variantIds[0]);
  const view = await connectStore({ ctx, customerId: customer.id, input: { platform: "shopify", shopDomain: shop, accessToken: shopify.fake.shops.createAccessToken(shop), registerWebhooks: false } });
  await linkVariant({ ctx, storeId: view.id, input: { externalProductId: String(product.id), externalVariantId: variantId, productUid: "poster_a3", files: [{ type: "default", url: shopify.art("poster.pdf") }] } });
  store = (await loadStoreRow(runtime.db, view.id))!;
});

const ctx = () => systemContext("test", { db: runtime.db });
const place = () => shopify.fake.shops.placeOrder(shop, { lineItems: [{ variantId, quantity: 1 }], shippingAddress, financialStatus: "PAID" });

describe("ingestStoreOrder", () => {
  it("makes one order of many concurrent ingests of the same shop order", async () => {
    const placed = place();
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => ingestStoreOrder(ctx(), store, String(placed.id))));
    expect(outcomes.filter((outcome) => outcome.kind === "created")).toHaveLength(1);
    expect(new Set(outcomes.map((outcome) => outcome.orderId)).size).toBe(1);
    const order = await findShopOrder(runtime.db, store.id, placed.id);
    expect(order?.status).toBe("created");
  });

  it("answers a repeat with nothing to change", async () => {
    const placed = place();
    expect((await ingestStoreOrder(ctx(), store, String(placed.id))).kind).toBe("created");
    expect((await ingestStoreOrder(ctx(), store, String(placed.id))).kind).toBe("unchanged");
  });

  it("knows a copy it already applied without touching the order, but applies a change made within the same second", async () => {
    const placed = place();
    await ingestStoreOrder(ctx(), store, String(placed.id));
    const before = (await findShopOrder(runtime.db, store.id, placed.id))!;
    expect(await ingestStoreOrder(ctx(), store, String(placed.id))).toMatchObject({ kind: "unchanged", message: "This version of the order was already applied" });
    expect((await findShopOrder(runtime.db, store.id, placed.id))!.updatedAt).toEqual(before.updatedAt);
    // Shopify gives updatedAt to the second: a second edit in the same second must still count.
    const updatedAt = shopify.fake.shops.getOrder(shop, placed.id).updatedAt;
    shopify.fake.shops.updateShippingAddress(shop, placed.id, { ...shippingAddress, address1: "3 Same Second Road" });
    shopify.fake.shops.getOrder(shop, placed.id).updatedAt = updatedAt;
    expect((await ingestStoreOrder(ctx(), store, String(placed.id))).kind).toBe("updated");
    expect((await findShopOrder(runtime.db, store.id, placed.id))!.shipments[0]!.address.addressLine1).toBe("3 Same Second Road");
  });

  it("reads a batch's product links once per product, and a product it has not seen when a later order of the batch needs it", async () => {
    await createProduct({ ctx: staffContext(runtime.db), input: { productUid: "card_a6", title: "A6 card", fileTypes: ["default"] } });
    const card = shopify.fake.shops.createProduct(shop, { title: "Card", variants: [{ sku: "CARD-1", price: "5" }] });
    const links = new ProductLinkCache(store.id);
    const poster = place();
    const first = await ingestStoreOrder(ctx(), store, String(poster.id), { links });
    expect(first.kind).toBe("created");
    // Linked after the batch read the poster's links: the card's are read when its order comes.
    await linkVariant({
      ctx: staffContext(runtime.db),
      storeId: store.id,
      input: { externalProductId: String(card.id), externalVariantId: String(card.variantIds[0]), productUid: "card_a6", files: [{ type: "default", url: shopify.art("poster.pdf") }] },
    });
    const both = shopify.fake.shops.placeOrder(shop, {
      lineItems: [
        { variantId, quantity: 1 },
        { variantId: String(card.variantIds[0]), quantity: 2 },
      ],
      shippingAddress,
      financialStatus: "PAID",
    });
    expect((await ingestStoreOrder(ctx(), store, String(both.id), { links })).kind).toBe("created");
    const order = (await findShopOrder(runtime.db, store.id, both.id))!;
    expect(order.items.map((item) => [item.quantity, item.productUid])).toEqual([
      [1, "poster_a3"],
      [2, "card_a6"],
    ]);
  });

  it("updates the address before production and queues processing again", async () => {
    const placed = place();
    const created = await ingestStoreOrder(ctx(), store, String(placed.id));
    shopify.fake.shops.updateShippingAddress(shop, placed.id, { ...shippingAddress, address1: "2 New Street" });
    const updated = await ingestStoreOrder(ctx(), store, String(placed.id));
    expect(updated).toMatchObject({ kind: "updated", orderId: created.orderId });
    const order = (await findShopOrder(runtime.db, store.id, placed.id))!;
    expect(order.shipments[0]!.address.addressLine1).toBe("2 New Street");
    expect(order.events.map((event) => event.type)).toContain("order.updated");
  });

  it("flags a cancellation or an address change after production started instead of applying it", async () => {
    const placed = place();
    const { orderId } = await ingestStoreOrder(ctx(), store, String(placed.id));
    expect(await processOrder(ctx(), orderId!)).toBe("passed");
    await changeOrderStatus({ ctx: staffContext(runtime.db), orderId: orderId!, input: { status: "in_production" } });
    shopify.fake.shops.updateShippingAddress(shop, placed.id, { ...shippingAddress, address1: "3 Late Lane" });
    expect((await ingestStoreOrder(ctx(), store, String(placed.id))).kind).toBe("updated");
    expect((await ingestStoreOrder(ctx(), store, String(placed.id))).kind).toBe("unchanged");
    shopify.fake.shops.cancelOrder(shop, placed.id);
    expect((await ingestStoreOrder(ctx(), store, String(placed.id))).kind).toBe("updated");
    expect((await ingestStoreOrder(ctx(), store, String(placed.id))).kind).toBe("unchanged");
    const order = (await findShopOrder(runtime.db, store.id, placed.id))!;
    expect(order.status).toBe("in_production");
    expect(order.shipments[0]!.address.addressLine1).toBe(shippingAddress.address1);
    expect(order.events.map((event) => event.type)).toEqual(expect.arrayContaining(["order.shop_address_changed", "order.shop_cancelled"]));
  });

  it("takes edited lines before production and processes the order again; flags them after", async () => {
    const placed = place();
    const { orderId } = await ingestStoreOrder(ctx(), store, String(placed.id));
    expect(await processOrder(ctx(), orderId!)).toBe("passed");
    const edit = (quantity: number) => {
      const record = shopify.fake.shops.getOrder(shop, placed.id);
      record.lineItems[0]!.quantity = quantity;
      shopify.fake.shops.touch(record);
    };
    edit(3);
    expect((await ingestStoreOrder(ctx(), store, String(placed.id))).kind).toBe("updated");
    let order = (await findShopOrder(runtime.db, store.id, placed.id))!;
    expect(order).toMatchObject({ id: orderId, status: "created" });
    expect(order.items.map((item) => item.quantity)).toEqual([3]);
    expect(await processOrder(ctx(), orderId!)).toBe("passed");
    await changeOrderStatus({ ctx: staffContext(runtime.db), orderId: orderId!, input: { status: "in_production" } });
    edit(4);
    expect((await ingestStoreOrder(ctx(), store, String(placed.id))).kind).toBe("updated");
    expect((await ingestStoreOrder(ctx(), store, String(placed.id))).kind).toBe("unchanged");
    order = (await findShopOrder(runtime.db, store.id, placed.id))!;
    expect(order.items.map((item) => item.quantity)).toEqual([3]);
    expect(order.events.map((event) => event.type)).toContain("order.shop_items_changed");
  });

  it("does not take an order placed before the store was connected", async () => {
    const older = { ...store, connectedAt: new Date(Date.now() + 60_000) };
    const placed = place();
    expect(await ingestStoreOrder(ctx(), older, String(placed.id))).toMatchObject({ kind: "not_taken", message: "Placed before the store was connected" });
    expect(await findShopOrder(runtime.db, store.id, placed.id)).toBeUndefined();
  });

  it("saves a refreshed token before using it, so the rotated refresh token is never lost", async () => {
    const other = "refreshing.myshopify.com";
    shopify.fake.shops.createShop(other);
    const product = shopify.fake.shops.createProduct(other, { title: "Card", variants: [{ sku: "CARD", price: "5" }] });
    const issued = shopify.fake.shops.issueTokens(other, [...ALL_SCOPES], true);
    const view = await connectStore({ ctx: staffContext(runtime.db), customerId: store.customerId, input: { platform: "shopify", shopDomain: other, accessToken: issued.accessToken.token, registerWebhooks: false } });
    const expiring = { accessToken: issued.accessToken.token, refreshToken: issued.refreshToken!.token, accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString() };
    await runtime.db.update(stores).set({ credentialsEncrypted: sealCredentials(expiring) }).where(eq(stores.id, view.id));
    const placed = shopify.fake.shops.placeOrder(other, { lineItems: [{ variantId: product.variantIds[0]!, quantity: 1 }], shippingAddress, financialStatus: "PAID" });
    const row = (await loadStoreRow(runtime.db, view.id))!;
    expect((await ingestStoreOrder(ctx(), row, String(placed.id))).kind).toBe("created");
    const saved = readCredentials((await loadStoreRow(runtime.db, view.id))!) as { accessToken: string; refreshToken?: string };
    expect(saved.accessToken).not.toBe(issued.accessToken.token);
    expect(saved.refreshToken).toBeDefined();
    expect(saved.refreshToken).not.toBe(issued.refreshToken!.token);
  });
});
