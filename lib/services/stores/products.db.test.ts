import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { createTestCustomer, staffContext } from "@/db/factories";
import { auditLog, jobOutbox, orders, storeVariants, stores } from "@/db/schema";
import { createProduct } from "@/lib/services/catalog";
import { processOrder } from "@/lib/services/orders";
import { systemContext } from "@/lib/services/context";
import { isAppError } from "@/lib/errors";
import { samplePdf } from "@/tests/support/artwork-server";
import { shippingAddress, useShopifyRuntime } from "@/tests/support/shopify-store";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { publishProduct, queueProductSync, requestProductSync, connectStore, exportLinksCsv, importLinksCsv, ignoreVariant, ingestStoreOrder, linkVariant, listStoreLinks, listStoreVariants, loadStoreRow, syncStoreProducts, unlinkProduct } from "./index";

// Products of a store: the variant sync (pages, throttling, resuming), links, ignores, and what a
// change in the shop does to a link.

const shop = "products.myshopify.com";
const shopify = await useShopifyRuntime({
  "poster.pdf": { body: samplePdf, type: "application/pdf" },
  "small.pdf": { body: samplePdf, type: "application/pdf" },
  "not-a-pdf.txt": { body: Buffer.from("hello"), type: "text/plain" },
});
const { runtime } = shopify;

const art = shopify.art;
const ctx = () => staffContext(runtime.db);
let storeId: string;
const products: Array<{ id: number; variantIds: number[] }> = [];

beforeAll(async () => {
  await createProduct({ ctx: ctx(), input: { productUid: "poster_a3", title: "A3 poster", fileTypes: ["default"] } });
  await createProduct({ ctx: ctx(), input: { productUid: "tee", title: "Tee", fileTypes: ["front", "back"] } });
  const customer = await createTestCustomer(runtime.db, { name: "Products Prints" });
  shopify.fake.shops.createShop(shop);
  // 120 products of 5 variants: 600 variants, three pages of 250.
  for (let index = 0; index < 120; index++) {
    const sizes = ["XS", "S", "M", "L", "XL"];
    products.push(
      shopify.fake.shops.createProduct(shop, {
        title: `Design ${String(index).padStart(3, "0")}`,
        variants: sizes.map((size) => ({ sku: `D${index}-${size}`, price: "20", options: { Size: size } })),
      }),
    );
  }
  const view = await connectStore({ ctx: ctx(), customerId: customer.id, input: { platform: "shopify", shopDomain: shop, accessToken: shopify.fake.shops.createAccessToken(shop), registerWebhooks: false } });
  storeId = view.id;
});

const countVariants = async () => (await runtime.db.select({ id: storeVariants.id }).from(storeVariants).where(eq(storeVariants.storeId, storeId))).length;

describe("product sync", () => {
  it("reads every page into the store's variants, waiting out THROTTLED answers", async () => {
    // Little budget left and a slow refill: the connector has to wait between pages.
    shopify.fake.shops.setThrottle(shop, { currentlyAvailable: 100, restoreRate: 1000 });
    const outcome = await syncStoreProducts(systemContext("test", { db: runtime.db }), storeId);
    expect(outcome).toMatchObject({ done: 600, total: 600, pages: 3, resumed: false });
    expect(await countVariants()).toBe(600);
    const store = (await loadStoreRow(runtime.db, storeId))!;
    expect(store).toMatchObject({ productsSyncState: "idle", productsSyncDone: 600, productsSyncTotal: 600, productsSyncCursor: null });
    const page = await listStoreVariants({ ctx: ctx(), storeId, input: { q: "D7-M" } });
    expect(page.data).toHaveLength(1);
    expect(page.data[0]).toMatchObject({ sku: "D7-M", options: { Size: "M" }, state: "unlinked", link: null, externalProductId: String(products[7]!.id) });
  });

  it("resumes a sync killed mid-page from the stored cursor without duplicating variants", async () => {
    const system = systemContext("test", { db: runtime.db });
    shopify.fake.shops.createProduct(shop, { title: "Late addition", variants: [{ sku: "LATE-1", price: "5" }] });
    // The first run writes one page, reads the second and dies before writing it.
    let reads = 0;
    const killedOnSecondPage = {
      throwIfAborted() {
        if (++reads === 2) throw new Error("worker killed");
      },
    } as AbortSignal;
    await expect(syncStoreProducts(system, storeId, { runId: "job-1", signal: killedOnSecondPage })).rejects.toThrow("worker killed");
    const midway = (await loadStoreRow(runtime.db, storeId))!;
    expect(midway).toMatchObject({ productsSyncState: "running", productsSyncLeaseId: "job-1", productsSyncDone: 250 });
    expect(midway.productsSyncCursor).not.toBeNull();
    expect(await countVariants()).toBe(600);

    // Another run finds the dead run's lease still live and joins it, reading nothing.
    const requests = shopify.fake.shops.graphqlRequests(shop).length;
    expect(await syncStoreProducts(system, storeId, { runId: "job-2" })).toMatchObject({ joined: true, pages: 0 });
    expect(shopify.fake.shops.graphqlRequests(shop).length).toBe(requests);

    // Once the lease lapses, the next run resumes from the cursor.
    await runtime.db.update(stores).set({ productsSyncLeaseUntil: new Date(Date.now() - 1000) }).where(eq(stores.id, storeId));
    const resumed = await syncStoreProducts(system, storeId, { runId: "job-2" });
    expect(resumed).toMatchObject({ resumed: true, joined: false, done: 601, pages: 2 });
    expect(await countVariants()).toBe(601);
    expect((await listStoreVariants({ ctx: ctx(), storeId, input: { q: "LATE-1" } })).data).toHaveLength(1);
    expect((await loadStoreRow(runtime.db, storeId))!).toMatchObject({ productsSyncState: "idle", productsSyncLeaseId: null, productsSyncLeaseUntil: null });
  });

  it("runs one sync of a store at a time: a second run joins, a second request queues nothing", async () => {
    const system = systemContext("test", { db: runtime.db });
    const requests = shopify.fake.shops.graphqlRequests(shop).length;
    const [first, second] = await Promise.all([syncStoreProducts(system, storeId, { runId: "run-a" }), syncStoreProducts(system, storeId, { runId: "run-b" })]);
    expect([first.joined, second.joined].sort()).toEqual([false, true]);
    expect(first.pages + second.pages).toBe(3);
    expect(shopify.fake.shops.graphqlRequests(shop).length - requests).toBe(3);
    expect(await countVariants()).toBe(601);

    const syncJobs = async () => (await runtime.db.select().from(jobOutbox).where(eq(jobOutbox.queue, "store.sync-products"))).length;
    const before = await syncJobs();
    // A run holds the store (stopped after one page, lease live): "Sync products" joins it.
    await syncStoreProducts(system, storeId, { runId: "run-c", maxPages: 1 });
    const joined = await requestProductSync({ ctx: ctx(), storeId });
    expect(joined).toMatchObject({ joined: true, state: "running", done: 250 });
    expect(await syncJobs()).toBe(before);
    // A product webhook meanwhile queues nothing either, but the run reads the shop again when it ends.
    await queueProductSync(system, storeId);
    expect(await syncJobs()).toBe(before);
    await syncStoreProducts(system, storeId, { runId: "run-c" });
    expect(await syncJobs()).toBe(before + 1);
    const started = await requestProductSync({ ctx: ctx(), storeId });
    expect(started.joined).toBe(false);
    expect(await syncJobs()).toBe(before + 2);
  });
});

describe("links", () => {
  it("links a variant, then a whole product with per-variant files, and unlinks", async () => {
    const [product] = products;
    const one = await linkVariant({
      ctx: ctx(),
      storeId,
      input: { externalProductId: String(products[1]!.id), externalVariantId: `gid://shopify/ProductVariant/${products[1]!.variantIds[0]}`, productUid: "poster_a3", files: [{ type: "default", url: art("poster.pdf") }] },
    });
    expect(one.externalVariantId).toBe(String(products[1]!.variantIds[0]));
    const whole = await linkVariant({
      ctx: ctx(),
      storeId,
      input: {
        externalProductId: String(product!.id),
        productUid: "poster_a3",
        files: [{ type: "default", url: art("poster.pdf") }],
        variants: [{ externalVariantId: String(product!.variantIds[0]), files: [{ type: "default", url: art("small.pdf") }] }],
      },
    });
    expect(whole.externalVariantId).toBeNull();
    const linked = await listStoreVariants({ ctx: ctx(), storeId, input: { linked: "true" } });
    expect(linked.total).toBe(6);
    const first = linked.data.find((variant) => variant.externalVariantId === String(product!.variantIds[0]))!;
    expect(first.link).toMatchObject({ productUid: "poster_a3", wholeProduct: false, files: [{ type: "default", url: art("small.pdf") }] });
    const other = linked.data.find((variant) => variant.externalVariantId === String(product!.variantIds[1]))!;
    expect(other.link).toMatchObject({ wholeProduct: true, files: [{ type: "default", url: art("poster.pdf") }] });
    expect((await listStoreLinks({ ctx: ctx(), storeId, input: {} })).data).toHaveLength(3);

    await unlinkProduct({ ctx: ctx(), linkId: whole.id });
    const after = await listStoreVariants({ ctx: ctx(), storeId, input: { linked: "true" } });
    // The variant with its own link keeps it; the rest of the product is unlinked.
    expect(after.data.map((variant) => variant.externalVariantId).sort()).toEqual([String(product!.variantIds[0]), String(products[1]!.variantIds[0])].sort());
    expect(after.total).toBe(2);
  });

  it("records a link made by staff as made on the customer's behalf", async () => {
    const link = await linkVariant({ ctx: ctx(), storeId, input: { externalProductId: String(products[12]!.id), productUid: "poster_a3", files: [{ type: "default", url: art("poster.pdf") }] } });
    const store = (await loadStoreRow(runtime.db, storeId))!;
    const [entry] = await runtime.db.select().from(auditLog).where(and(eq(auditLog.action, "store.link"), eq(auditLog.entityId, link.id)));
    expect(entry).toMatchObject({ actorType: "staff", customerId: store.customerId, after: { onBehalfOf: store.customerId, productUid: "poster_a3" } });
  });

  it("refuses a design file that cannot be fetched, naming the file", async () => {
    const error = await linkVariant({
      ctx: ctx(),
      storeId,
      input: {
        externalProductId: String(products[2]!.id),
        productUid: "tee",
        files: [
          { type: "front", url: art("poster.pdf") },
          { type: "back", url: art("missing.pdf") },
        ],
      },
    }).catch((caught: unknown) => caught);
    expect(isAppError(error) && error.code).toBe("validation_failed");
    expect(JSON.stringify((error as { details?: unknown }).details)).toContain("files[1].url");
    const unknown = await linkVariant({ ctx: ctx(), storeId, input: { externalProductId: String(products[2]!.id), productUid: "nope", files: [{ type: "default", url: art("poster.pdf") }] } }).catch((caught: unknown) => caught);
    expect(JSON.stringify((unknown as { details?: unknown }).details)).toContain("productUid");
  });

  it("ignores a variant", async () => {
    await ignoreVariant({ ctx: ctx(), storeId, input: { externalVariantId: String(products[3]!.variantIds[2]) } });
    const ignored = await listStoreVariants({ ctx: ctx(), storeId, input: { state: "ignored" } });
    expect(ignored.data.map((variant) => variant.externalVariantId)).toEqual([String(products[3]!.variantIds[2])]);
  });

  it("marks a link whose SKU changed in the shop as needing attention, and the next order says why", async () => {
    const product = products[5]!;
    const variantId = product.variantIds[1]!;
    await linkVariant({ ctx: ctx(), storeId, input: { externalProductId: String(product.id), externalVariantId: String(variantId), productUid: "poster_a3", files: [{ type: "default", url: art("poster.pdf") }] } });
    shopify.fake.shops.updateVariant(shop, variantId, { sku: "D5-S-RENAMED" });
    await syncStoreProducts(systemContext("test", { db: runtime.db }), storeId);
    const [row] = await runtime.db
      .select()
      .from(storeVariants)
      .where(and(eq(storeVariants.storeId, storeId), eq(storeVariants.externalVariantId, String(variantId))));
    expect(row).toMatchObject({ linkState: "attention", attentionReason: "SKU changed in the shop from D5-S to D5-S-RENAMED" });
    const attention = await listStoreVariants({ ctx: ctx(), storeId, input: { state: "attention" } });
    expect(attention.data.map((variant) => variant.sku)).toEqual(["D5-S-RENAMED"]);

    const placed = shopify.fake.shops.placeOrder(shop, { lineItems: [{ variantId, quantity: 1 }], shippingAddress, financialStatus: "PAID" });
    const store = (await loadStoreRow(runtime.db, storeId))!;
    const { orderId } = await ingestStoreOrder(systemContext("test", { db: runtime.db }), store, String(placed.id));
    expect(await processOrder(systemContext("test", { db: runtime.db }), orderId!)).toBe("not_connected");
    const [order] = await runtime.db.select().from(orders).where(eq(orders.id, orderId!));
    expect(order!.statusReason).toContain("link needs attention: SKU changed in the shop from D5-S to D5-S-RENAMED");

    // Saving the link again confirms it; the waiting order goes on.
    await linkVariant({ ctx: ctx(), storeId, input: { externalProductId: String(product.id), externalVariantId: String(variantId), productUid: "poster_a3", files: [{ type: "default", url: art("poster.pdf") }] } });
    expect(await processOrder(systemContext("test", { db: runtime.db }), orderId!)).toBe("passed");
  });

  it("marks a link whose options changed in the shop as needing attention", async () => {
    const product = products[11]!;
    const variantId = product.variantIds[0]!;
    await linkVariant({ ctx: ctx(), storeId, input: { externalProductId: String(product.id), externalVariantId: String(variantId), productUid: "poster_a3", files: [{ type: "default", url: art("poster.pdf") }] } });
    const variant = shopify.fake.shops.getShop(shop).variants.get(variantId)!;
    variant.selectedOptions = [{ name: "Size", value: "XXS" }];
    variant.title = "XXS";
    variant.updatedAt = shopify.fake.shops.now();
    await syncStoreProducts(systemContext("test", { db: runtime.db }), storeId);
    const attention = await listStoreVariants({ ctx: ctx(), storeId, input: { state: "attention", q: "D11-XS" } });
    expect(attention.data).toHaveLength(1);
    expect(attention.data[0]).toMatchObject({ options: { Size: "XXS" }, attentionReason: "Options changed in the shop (XS → XXS)" });
  });

  it("linking or ignoring a variant runs again only the orders waiting for that variant", async () => {
    const system = systemContext("test", { db: runtime.db });
    const store = (await loadStoreRow(runtime.db, storeId))!;
    const waitingFor = async (variantId: number) => {
      const placed = shopify.fake.shops.placeOrder(shop, { lineItems: [{ variantId, quantity: 1 }], shippingAddress, financialStatus: "PAID" });
      const { orderId } = await ingestStoreOrder(system, store, String(placed.id));
      expect(await processOrder(system, orderId!)).toBe("not_connected");
      return orderId!;
    };
    const toLink = await waitingFor(products[8]!.variantIds[0]!);
    const toIgnore = await waitingFor(products[9]!.variantIds[0]!);
    const other = await waitingFor(products[10]!.variantIds[0]!);
    const processJobs = async (orderId: string) =>
      (await runtime.db.select().from(jobOutbox).where(and(eq(jobOutbox.queue, "order.process"), sql`${jobOutbox.payload}->>'orderId' = ${orderId}`))).length;
    const orderRow = async (orderId: string) => (await runtime.db.select().from(orders).where(eq(orders.id, orderId)))[0]!;
    const before = { toLink: await processJobs(toLink), other: await processJobs(other), otherRow: await orderRow(other) };

    await linkVariant({ ctx: ctx(), storeId, input: { externalProductId: String(products[8]!.id), externalVariantId: String(products[8]!.variantIds[0]), productUid: "poster_a3", files: [{ type: "default", url: art("poster.pdf") }] } });
    // Another variant of the same product as the third order's line: that order still waits for its own.
    await linkVariant({ ctx: ctx(), storeId, input: { externalProductId: String(products[10]!.id), externalVariantId: String(products[10]!.variantIds[1]), productUid: "poster_a3", files: [{ type: "default", url: art("poster.pdf") }] } });
    await ignoreVariant({ ctx: ctx(), storeId, input: { externalVariantId: String(products[9]!.variantIds[0]) } });

    expect(await processJobs(toLink)).toBe(before.toLink + 1);
    expect(await processOrder(system, toLink)).toBe("passed");
    // Its only line ignored, the order has nothing left to produce.
    expect((await orderRow(toIgnore)).status).toBe("canceled");
    expect(await processJobs(other)).toBe(before.other);
    const untouched = await orderRow(other);
    expect(untouched.status).toBe("not_connected");
    expect(untouched.updatedAt).toEqual(before.otherRow.updatedAt);
  });

  it("flags a linked variant that disappeared from the shop", async () => {
    const product = products[6]!;
    await linkVariant({ ctx: ctx(), storeId, input: { externalProductId: String(product.id), externalVariantId: String(product.variantIds[0]), productUid: "poster_a3", files: [{ type: "default", url: art("poster.pdf") }] } });
    shopify.fake.shops.getShop(shop).variants.delete(product.variantIds[0]!);
    shopify.fake.shops.getShop(shop).variants.delete(product.variantIds[1]!);
    await syncStoreProducts(systemContext("test", { db: runtime.db }), storeId);
    const rows = await runtime.db.select().from(storeVariants).where(and(eq(storeVariants.storeId, storeId), eq(storeVariants.externalProductId, String(product.id))));
    // The unlinked one is simply gone; the linked one stays, flagged.
    expect(rows).toHaveLength(4);
    expect(rows.find((row) => row.externalVariantId === String(product.variantIds[0]))).toMatchObject({ linkState: "attention" });
    const [store] = await runtime.db.select().from(stores).where(eq(stores.id, storeId));
    expect(store!.productsSyncState).toBe("idle");
  });
});

describe("links by CSV", () => {
  const exportCsv = async () => {
    let text = "";
    for await (const chunk of exportLinksCsv({ ctx: ctx(), storeId })) text += chunk;
    return parse(text, { columns: true }) as Array<Record<string, string>>;
  };

  it("exports every variant, imports 200 rows, reports the two bad ones and changes nothing for them", async () => {
    const rows = await exportCsv();
    expect(rows).toHaveLength(await countVariants());
    expect(Object.keys(rows[0]!)).toEqual(["storeId", "productId", "variantId", "sku", "title", "productUid", "designFileUrl", "designFileUrl:back"]);
    const chosen = new Set(products.slice(40, 80).map((product) => String(product.id)));
    const filled = rows.filter((row) => chosen.has(row.productId!));
    expect(filled).toHaveLength(200);
    for (const row of filled) {
      row.productUid = "poster_a3";
      row.designFileUrl = art("poster.pdf");
    }
    filled[10]!.productUid = "no_such_product";
    filled[150]!.designFileUrl = "ftp://example.com/file.pdf";
    const linkedBefore = (await listStoreVariants({ ctx: ctx(), storeId, input: { linked: "true" } })).total!;
    const csv = stringify(rows, { header: true, columns: Object.keys(rows[0]!) });
    const result = await importLinksCsv({ ctx: ctx(), storeId, csv });
    const rowOf = (entry: Record<string, string>) => rows.indexOf(entry) + 2;
    expect(result.linked).toBe(198);
    expect(result.errors).toEqual([
      { row: Math.min(rowOf(filled[10]!), rowOf(filled[150]!)), message: expect.any(String) },
      { row: Math.max(rowOf(filled[10]!), rowOf(filled[150]!)), message: expect.any(String) },
    ]);
    expect(result.errors.map((error) => error.message).join(" ")).toMatch(/unknown productUid no_such_product.*|.*not an http\(s\) URL/);
    expect((await listStoreVariants({ ctx: ctx(), storeId, input: { linked: "true" } })).total).toBe(linkedBefore + 198);
    const bad = await listStoreVariants({ ctx: ctx(), storeId, input: { q: filled[10]!.sku! } });
    expect(bad.data[0]!.state).toBe("unlinked");

    const again = await importLinksCsv({ ctx: ctx(), storeId, csv });
    expect(again).toMatchObject({ linked: 0, unchanged: result.unchanged + 198 });
  });
});

describe("publish", () => {
  it("creates the product in the shop with a variant per option value and links it at once", async () => {
    const published = await publishProduct({
      ctx: ctx(),
      storeId,
      input: { productUid: "tee", title: "Sunset tee", price: "25", status: "active", options: [{ name: "Size", values: ["S", "M", "L"] }], files: [{ type: "front", url: art("poster.pdf") }] },
    });
    expect(published.variants.map((variant) => variant.sku)).toEqual(["TEE-S", "TEE-M", "TEE-L"]);
    const record = shopify.fake.shops.getShop(shop).products.get(Number(published.externalProductId))!;
    expect(record).toMatchObject({ title: "Sunset tee", status: "ACTIVE" });
    const listed = await listStoreVariants({ ctx: ctx(), storeId, input: { q: "Sunset tee" } });
    expect(listed.data).toHaveLength(3);
    for (const variant of listed.data) expect(variant).toMatchObject({ state: "linked", link: { productUid: "tee", wholeProduct: true } });
    const refused = await publishProduct({ ctx: ctx(), storeId, input: { productUid: "tee", price: "25", files: [{ type: "front", url: art("missing.pdf") }] } }).catch((caught: unknown) => caught);
    expect(isAppError(refused) && refused.code).toBe("validation_failed");
  });
});
