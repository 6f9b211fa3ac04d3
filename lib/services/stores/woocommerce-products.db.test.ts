import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { createTestCustomer, staffContext } from "@/db/factories";
import { orders, storeVariants } from "@/db/schema";
import { createProduct } from "@/lib/services/catalog";
import { processOrder } from "@/lib/services/orders";
import { systemContext } from "@/lib/services/context";
import { isAppError } from "@/lib/errors";
import { useTestRuntime } from "@/tests/support/runtime";
import { samplePdf, serveFile, startArtworkServer } from "@/tests/support/artwork-server";
import { startWooFake } from "@/connectors/woocommerce/fake";
import { PRODUCTS_PER_PAGE } from "@/connectors/woocommerce/products";
import { connectStore, exportLinksCsv, importLinksCsv, ingestStoreOrder, linkVariant, listStoreVariants, loadStoreRow, publishProduct, syncStoreProducts } from "./index";

// WooCommerce products through the shared products layer: the sync of products and their
// variations across pages, links by product and variation id, the CSV round trip and publishing a
// variable product, all against the fake site through the production client.

const files = await startArtworkServer({ host: "127.0.0.1" });
files.route("/art/poster.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
const art = `${files.url}/art/poster.pdf`;
const fake = await startWooFake({ siteName: "Products Woo" });
const runtime = useTestRuntime({ env: { FILE_FETCH_HTTP: "on", FILE_FETCH_ALLOW: `127.0.0.1:${files.port}`, SHOP_FETCH_ALLOW: new URL(fake.siteUrl).host } });
afterAll(async () => {
  await fake.close();
  await files.close();
});

const ctx = () => staffContext(runtime.db);
const system = () => systemContext("test", { db: runtime.db });
let storeId: string;
let simple: { id: number };
// 130 variations: two pages of the variations endpoint.
let big: { id: number; variationIds: number[] };
const sizes = ["S", "M", "L"];
const colors = ["Black", "White"];

beforeAll(async () => {
  await createProduct({ ctx: ctx(), input: { productUid: "tee_print", title: "Printed tee", fileTypes: ["default"] } });
  const customer = await createTestCustomer(runtime.db, { name: "Woo Products" });
  simple = fake.site.createProduct({ name: "Poster A2", sku: "POSTER-A2", regularPrice: "18.00" });
  big = fake.site.createProduct({
    name: "Big tee",
    attributes: [{ name: "Design", options: Array.from({ length: 130 }, (_, index) => `D${index}`) }],
    variations: Array.from({ length: 130 }, (_, index) => ({ sku: `BIG-${index}`, regularPrice: "30.00", attributes: { Design: `D${index}` } })),
  });
  // 48 variable tees of 6 variations, some drafts: with the two above, three pages of 20 products.
  for (let index = 0; index < 48; index++) {
    fake.site.createProduct({
      name: `Tee ${String(index).padStart(2, "0")}`,
      status: index % 5 === 0 ? "draft" : "publish",
      attributes: [
        { name: "Size", options: sizes },
        { name: "Color", options: colors },
      ],
      variations: sizes.flatMap((size) => colors.map((color) => ({ sku: `T${index}-${size}-${color}`, regularPrice: "25.00", attributes: { Size: size, Color: color } }))),
    });
  }
  const key = fake.site.createKey("read_write");
  const view = await connectStore({ ctx: ctx(), customerId: customer.id, input: { platform: "woocommerce", siteUrl: fake.siteUrl, consumerKey: key.consumerKey, consumerSecret: key.consumerSecret, registerWebhooks: false } });
  storeId = view.id;
});

const countVariants = async () => (await runtime.db.select({ id: storeVariants.id }).from(storeVariants).where(eq(storeVariants.storeId, storeId))).length;
const expectedVariants = 1 + 130 + 48 * 6;

describe("WooCommerce product sync", () => {
  it("reads every product page and every variation page into the store's variants", async () => {
    fake.requests.length = 0;
    const outcome = await syncStoreProducts(system(), storeId);
    expect(outcome).toMatchObject({ done: expectedVariants, total: expectedVariants, pages: Math.ceil(50 / PRODUCTS_PER_PAGE) });
    expect(await countVariants()).toBe(expectedVariants);
    const productPages = fake.requests.filter((request) => request.method === "GET" && /\/products$/.test(request.path));
    expect(productPages).toHaveLength(3);
    expect(fake.requests.filter((request) => request.path.endsWith(`/products/${big.id}/variations`))).toHaveLength(2);
    const poster = await listStoreVariants({ ctx: ctx(), storeId, input: { q: "POSTER-A2" } });
    expect(poster.data).toEqual([expect.objectContaining({ externalProductId: String(simple.id), externalVariantId: null, sku: "POSTER-A2", price: "18.00", state: "unlinked" })]);
    const variation = await listStoreVariants({ ctx: ctx(), storeId, input: { q: "T7-M-White" } });
    expect(variation.data).toEqual([expect.objectContaining({ options: { Size: "M", Color: "White" }, state: "unlinked" })]);
    const last = await listStoreVariants({ ctx: ctx(), storeId, input: { q: "BIG-129" } });
    expect(last.data[0]!.externalVariantId).toBe(String(big.variationIds[129]));
    expect((await loadStoreRow(runtime.db, storeId))!).toMatchObject({ productsSyncState: "idle", productsSyncCursor: null, productsSyncDone: expectedVariants });
  });

  it("resumes from the stored page after an interrupted run, and drops a variation deleted in the shop", async () => {
    const doomed = big.variationIds[3]!;
    fake.site.deleteVariation(big.id, doomed);
    // The job's retry: the same run id holds the store's sync lease and takes over at once.
    const runId = "interrupted-run";
    const first = await syncStoreProducts(system(), storeId, { runId, maxPages: 1 });
    expect(first.pages).toBe(1);
    expect((await loadStoreRow(runtime.db, storeId))!.productsSyncCursor).toBe("2");
    const second = await syncStoreProducts(system(), storeId, { runId });
    expect(second).toMatchObject({ resumed: true, pages: 2, done: expectedVariants - 1 });
    expect(await countVariants()).toBe(expectedVariants - 1);
    expect((await listStoreVariants({ ctx: ctx(), storeId, input: { q: "BIG-3" } })).data.filter((variant) => variant.sku === "BIG-3")).toEqual([]);
  });
});

describe("WooCommerce links", () => {
  it("links a simple product without a variation id and a variation by its id, and an order of the variation passes", async () => {
    await linkVariant({ ctx: ctx(), storeId, input: { externalProductId: String(simple.id), productUid: "tee_print", files: [{ type: "default", url: art }] } });
    await linkVariant({ ctx: ctx(), storeId, input: { externalProductId: String(big.id), externalVariantId: String(big.variationIds[0]), productUid: "tee_print", files: [{ type: "default", url: art }] } });
    const linked = await listStoreVariants({ ctx: ctx(), storeId, input: { linked: "true" } });
    expect(linked.data.map((variant) => variant.sku).sort()).toEqual(["BIG-0", "POSTER-A2"]);
    expect(linked.data.find((variant) => variant.sku === "POSTER-A2")!.link).toMatchObject({ productUid: "tee_print", wholeProduct: true });

    const placed = fake.site.placeOrder({
      lines: [
        { productId: big.id, variationId: big.variationIds[0]!, quantity: 2 },
        { productId: simple.id, quantity: 1 },
      ],
      shipping: { first_name: "Ada", last_name: "Lovelace", address_1: "12 St James's Square", city: "London", postcode: "SW1Y 4JH", country: "GB" },
      status: "processing",
    });
    const store = (await loadStoreRow(runtime.db, storeId))!;
    const { orderId } = await ingestStoreOrder(system(), store, String(placed.id));
    expect(await processOrder(system(), orderId!)).toBe("passed");
    const [order] = await runtime.db.select().from(orders).where(eq(orders.id, orderId!));
    expect(order).toMatchObject({ channel: "woocommerce", storeId });
  });

  it("exports every variant as CSV, links a whole variable product's variations by import, and a second import changes nothing", async () => {
    let text = "";
    for await (const chunk of exportLinksCsv({ ctx: ctx(), storeId })) text += chunk;
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(expectedVariants - 1);
    const posterRow = rows.find((row) => row.sku === "POSTER-A2")!;
    expect(posterRow).toMatchObject({ productId: String(simple.id), variantId: "", productUid: "tee_print", designFileUrl: art });
    const tee = rows.filter((row) => row.sku?.startsWith("T3-"));
    expect(tee).toHaveLength(6);
    for (const row of tee) Object.assign(row, { productUid: "tee_print", designFileUrl: art });
    tee[1]!.designFileUrl = "not a url";
    const result = await importLinksCsv({ ctx: ctx(), storeId, csv: stringify(rows, { header: true, columns: Object.keys(rows[0]!) }) });
    expect(result.linked).toBe(5);
    expect(result.errors).toEqual([{ row: rows.indexOf(tee[1]!) + 2, message: expect.stringContaining("URL") }]);
    const linkedTee = await listStoreVariants({ ctx: ctx(), storeId, input: { q: "T3-", linked: "true" } });
    expect(linkedTee.total).toBe(5);
    expect(linkedTee.data.every((variant) => variant.externalVariantId !== null && variant.link?.wholeProduct === false)).toBe(true);
    const again = await importLinksCsv({ ctx: ctx(), storeId, csv: stringify(rows, { header: true, columns: Object.keys(rows[0]!) }) });
    expect(again.linked).toBe(0);
    expect(again.unchanged).toBe(result.unchanged + 5);
  });
});

describe("WooCommerce publish", () => {
  it("creates a variable product with one variation per combination through the batch endpoint and links them at once", async () => {
    fake.requests.length = 0;
    const published = await publishProduct({
      ctx: ctx(),
      storeId,
      input: {
        productUid: "tee_print",
        title: "Sunset tee",
        description: "<p>Soft cotton</p>",
        price: "27.50",
        options: [
          { name: "Size", values: sizes },
          { name: "Color", values: colors },
        ],
        files: [{ type: "default", url: art }],
      },
    });
    expect(published.variants.map((variant) => variant.sku)).toEqual(["TEE-PRINT-S-BLACK", "TEE-PRINT-S-WHITE", "TEE-PRINT-M-BLACK", "TEE-PRINT-M-WHITE", "TEE-PRINT-L-BLACK", "TEE-PRINT-L-WHITE"]);
    const product = fake.site.getProduct(Number(published.externalProductId));
    expect(product).toMatchObject({ name: "Sunset tee", type: "variable", status: "draft", description: "<p>Soft cotton</p>" });
    expect(product.attributes.map((attribute) => [attribute.name, attribute.options, attribute.variation])).toEqual([
      ["Size", sizes, true],
      ["Color", colors, true],
    ]);
    expect(product.variationIds.map((id) => fake.site.getVariation(product.id, id).regularPrice)).toEqual(Array(6).fill("27.50"));
    expect(fake.requests.filter((request) => request.method === "POST").map((request) => request.path)).toEqual(["/wc/v3/products", `/wc/v3/products/${product.id}/variations/batch`]);
    const listed = await listStoreVariants({ ctx: ctx(), storeId, input: { q: "Sunset tee" } });
    expect(listed.total).toBe(6);
    for (const variant of listed.data) expect(variant).toMatchObject({ state: "linked", link: { productUid: "tee_print", wholeProduct: true } });
    // A sync afterwards keeps them linked.
    await syncStoreProducts(system(), storeId);
    expect((await listStoreVariants({ ctx: ctx(), storeId, input: { q: "Sunset tee", linked: "true" } })).total).toBe(6);
  });

  it("refuses a product whose SKUs the site already has, on variants, and leaves no half-made product behind", async () => {
    const before = fake.site.products.size;
    const refused = await publishProduct({ ctx: ctx(), storeId, input: { productUid: "tee_print", title: "Sunset tee again", price: "27.50", options: [{ name: "Size", values: sizes }, { name: "Color", values: colors }], files: [{ type: "default", url: art }] } }).catch(
      (caught: unknown) => caught,
    );
    expect(isAppError(refused) && refused.code).toBe("validation_failed");
    expect(JSON.stringify((refused as { details?: unknown }).details)).toContain("variants");
    expect(fake.site.products.size).toBe(before);
  });
});
