import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { createTestCustomer, staffContext } from "@/db/factories";
import { productLinks, storeEvents, storeVariants } from "@/db/schema";
import { createProduct } from "@/lib/services/catalog";
import { processOrder } from "@/lib/services/orders";
import { systemContext } from "@/lib/services/context";
import { useTestRuntime } from "@/tests/support/runtime";
import { samplePdf, serveFile, startArtworkServer } from "@/tests/support/artwork-server";
import { startEtsyFake } from "@/connectors/etsy/fake";
import type { EtsyCredentials } from "@/connectors/types";
import { connectStore, exportLinksCsv, ignoreVariant, importLinksCsv, ingestStoreOrder, linkVariant, listStoreVariants, loadStoreRow, publishProduct, syncStoreProducts } from "./index";

// Etsy products through the shared products layer: listings of every state with their inventory
// products, links by (listing_id, product_id), CSV, publish as a draft listing, and the re-mapping of
// links when Etsy renews the product ids of a rewritten inventory.

const keystring = "etsyproductskeystring01";
const sharedSecret = "etsy-products-secret";
const files = await startArtworkServer({ host: "127.0.0.1" });
files.route("/art/poster.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
const art = `${files.url}/art/poster.pdf`;
const fake = await startEtsyFake({ keystring, sharedSecret });
const runtime = useTestRuntime({ env: { ETSY_KEYSTRING: keystring, ETSY_SHARED_SECRET: sharedSecret, ETSY_API_ORIGIN: fake.origin, FILE_FETCH_HTTP: "on", FILE_FETCH_ALLOW: `127.0.0.1:${files.port}` } });
afterAll(async () => {
  await fake.close();
  await files.close();
});

const ctx = () => staffContext(runtime.db);
const system = () => systemContext("test", { db: runtime.db });
let storeId: string;
let shopId: number;
type Listing = { listingId: number; productIds: number[] };
let poster: Listing;
let mug: Listing;
let plain: Listing;
const posterProducts = [
  { sku: "POSTER-A3", price: "25", properties: { Size: "A3" } },
  { sku: "POSTER-A2", price: "35", properties: { Size: "A2" } },
  { sku: "POSTER-A1", price: "45", properties: { Size: "A1" } },
];
const mugProducts = [
  { sku: "MUG-W", price: "12", properties: { Color: "White" } },
  { sku: "MUG-B", price: "12", properties: { Color: "Black" } },
];
// A listing without SKUs: its products are told apart by their property values only.
const plainProducts = [
  { price: "20", properties: { Size: "S", Color: "Red" } },
  { price: "20", properties: { Size: "M", Color: "Red" } },
];

beforeAll(async () => {
  await createProduct({ ctx: ctx(), input: { productUid: "poster_a3", title: "A3 poster", fileTypes: ["default"] } });
  const customer = await createTestCustomer(runtime.db, { name: "Etsy Products" });
  const made = fake.world.createUserWithShop({ shopName: "ProductsShop" });
  shopId = made.shop.shop_id;
  poster = fake.world.createListing(shopId, { title: "Poster", products: posterProducts });
  mug = fake.world.createListing(shopId, { title: "Mug", state: "draft", products: mugProducts });
  plain = fake.world.createListing(shopId, { title: "Plain tee", state: "inactive", products: plainProducts });
  // 30 more active listings: two pages of 25 in the active state.
  for (let index = 0; index < 30; index++) fake.world.createListing(shopId, { title: `Print ${index}`, products: [{ sku: `PRINT-${index}`, price: "10" }] });
  const tokens = fake.world.createTokens(shopId, keystring);
  const credentials: EtsyCredentials = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: new Date(tokens.expiresAt).toISOString() };
  storeId = (await connectStore({ ctx: ctx(), customerId: customer.id, input: { platform: "etsy", shopId: String(shopId), ...credentials } })).id;
});

const variantsOf = (listingId: number) => runtime.db.select().from(storeVariants).where(and(eq(storeVariants.storeId, storeId), eq(storeVariants.externalProductId, String(listingId))));

describe("Etsy product sync", () => {
  it("reads the inventory products of listings in every state, with SKU and property values", async () => {
    const outcome = await syncStoreProducts(system(), storeId);
    expect(outcome.done).toBe(3 + 2 + 2 + 30);
    const rows = await variantsOf(poster.listingId);
    expect(rows.map((row) => [row.externalVariantId, row.sku, row.options, row.price]).sort()).toEqual(
      posterProducts.map((product, index) => [String(poster.productIds[index]), product.sku, product.properties, `${product.price}.00`]).sort(),
    );
    expect((await variantsOf(mug.listingId)).map((row) => row.productTitle)).toEqual(["Mug", "Mug"]);
    expect((await variantsOf(plain.listingId)).map((row) => row.options).sort((a, b) => a.Size!.localeCompare(b.Size!))).toEqual([
      { Size: "M", Color: "Red" },
      { Size: "S", Color: "Red" },
    ]);
  });
});

describe("Etsy links", () => {
  it("links by (listing_id, product_id), and a receipt of that product passes", async () => {
    await linkVariant({ ctx: ctx(), storeId, input: { externalProductId: String(poster.listingId), externalVariantId: String(poster.productIds[0]), productUid: "poster_a3", files: [{ type: "default", url: art }] } });
    const linked = await listStoreVariants({ ctx: ctx(), storeId, input: { linked: "true" } });
    expect(linked.data.map((variant) => [variant.externalProductId, variant.externalVariantId, variant.sku])).toEqual([[String(poster.listingId), String(poster.productIds[0]), "POSTER-A3"]]);
    const receipt = fake.world.placeReceipt(shopId, { lines: [{ listingId: poster.listingId, productId: poster.productIds[0], quantity: 1 }], paid: true });
    const { orderId } = await ingestStoreOrder(system(), (await loadStoreRow(runtime.db, storeId))!, String(receipt.receipt_id));
    expect(await processOrder(system(), orderId!)).toBe("passed");
  });

  it("round-trips the CSV: listing and product ids in the rows, links made by import, a second import changes nothing", async () => {
    let text = "";
    for await (const chunk of exportLinksCsv({ ctx: ctx(), storeId })) text += chunk;
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(37);
    expect(rows.find((row) => row.sku === "POSTER-A3")).toMatchObject({ productId: String(poster.listingId), variantId: String(poster.productIds[0]), productUid: "poster_a3" });
    const prints = rows.filter((row) => row.sku?.startsWith("PRINT-"));
    for (const row of prints) Object.assign(row, { productUid: "poster_a3", designFileUrl: art });
    const csv = stringify(rows, { header: true, columns: Object.keys(rows[0]!) });
    expect(await importLinksCsv({ ctx: ctx(), storeId, csv })).toMatchObject({ linked: 30, errors: [] });
    expect((await listStoreVariants({ ctx: ctx(), storeId, input: { q: "PRINT-", linked: "true" } })).total).toBe(30);
    expect((await importLinksCsv({ ctx: ctx(), storeId, csv })).linked).toBe(0);
  });

  it("moves links and ignores to the new product ids when Etsy rewrites an inventory, by SKU or else by property values", async () => {
    // A variant link, an ignored variant, a whole-listing link and a link on a listing without SKUs.
    await ignoreVariant({ ctx: ctx(), storeId, input: { externalProductId: String(poster.listingId), externalVariantId: String(poster.productIds[1]) } });
    await linkVariant({ ctx: ctx(), storeId, input: { externalProductId: String(mug.listingId), productUid: "poster_a3", files: [{ type: "default", url: art }] } });
    await linkVariant({ ctx: ctx(), storeId, input: { externalProductId: String(plain.listingId), externalVariantId: String(plain.productIds[1]), productUid: "poster_a3", files: [{ type: "default", url: art }] } });
    // The seller edits the variations: every product id changes; a new size comes, A1 gets another SKU.
    const newPoster = fake.world.updateInventory(poster.listingId, [...posterProducts.slice(0, 2), { sku: "POSTER-A1-NEW", price: "45", properties: { Size: "A1" } }, { sku: "POSTER-A4", price: "15", properties: { Size: "A4" } }]);
    const newMug = fake.world.updateInventory(mug.listingId, mugProducts);
    const newPlain = fake.world.updateInventory(plain.listingId, [...plainProducts].reverse());
    expect(newPoster).not.toContain(poster.productIds[0]);
    // A receipt for the new A3 id placed before the sync waits for its link.
    const receipt = fake.world.placeReceipt(shopId, { lines: [{ listingId: poster.listingId, productId: newPoster[0], quantity: 1 }], paid: true });
    const { orderId } = await ingestStoreOrder(system(), (await loadStoreRow(runtime.db, storeId))!, String(receipt.receipt_id));
    expect(await processOrder(system(), orderId!)).toBe("not_connected");

    await syncStoreProducts(system(), storeId);
    const posterRows = await variantsOf(poster.listingId);
    const state = (productId: number | undefined) => posterRows.find((row) => row.externalVariantId === String(productId))?.linkState;
    expect(posterRows).toHaveLength(4);
    expect([state(newPoster[0]), state(newPoster[1]), state(newPoster[2]), state(newPoster[3])]).toEqual(["linked", "ignored", "unlinked", "unlinked"]);
    expect(posterRows.some((row) => row.externalVariantId === String(poster.productIds[0]))).toBe(false);
    const [moved] = await runtime.db.select().from(productLinks).where(and(eq(productLinks.storeId, storeId), eq(productLinks.externalVariantId, String(newPoster[0]))));
    expect(moved).toMatchObject({ productUid: "poster_a3", files: [{ type: "default", url: art }] });
    expect((await variantsOf(mug.listingId)).map((row) => [row.externalVariantId, row.linkState]).sort()).toEqual(newMug.map((id) => [String(id), "linked"]).sort());
    const plainRows = await variantsOf(plain.listingId);
    expect(plainRows.find((row) => row.options.Size === "M")).toMatchObject({ externalVariantId: String(newPlain[0]), linkState: "linked" });
    expect(plainRows.find((row) => row.options.Size === "S")).toMatchObject({ linkState: "unlinked" });
    // Nothing is left needing attention, the store's log says what happened, and the waiting order went on.
    expect((await listStoreVariants({ ctx: ctx(), storeId, input: { state: "attention" } })).total).toBe(0);
    const events = await runtime.db.select().from(storeEvents).where(and(eq(storeEvents.storeId, storeId), eq(storeEvents.type, "products.remapped")));
    expect(events.map((event) => event.message)).toEqual([expect.stringContaining("5 variants got new ids")]);
    expect(await processOrder(system(), orderId!)).toBe("passed");
    // The old link stays, so a receipt placed before the rewrite still resolves.
    const kept = await runtime.db.select().from(productLinks).where(and(eq(productLinks.storeId, storeId), eq(productLinks.externalVariantId, String(poster.productIds[0]))));
    expect(kept).toHaveLength(1);
  });
});

describe("Etsy publish", () => {
  it("creates a draft listing with one inventory product per combination, SKUs and property values, linked at once", async () => {
    const published = await publishProduct({
      ctx: ctx(),
      storeId,
      input: {
        productUid: "poster_a3",
        title: "Sunset poster",
        description: "<p>Giclée print</p>",
        price: "30",
        status: "active",
        options: [
          { name: "Size", values: ["A3", "A2"] },
          { name: "Frame", values: ["None", "Oak"] },
        ],
        files: [{ type: "default", url: art }],
      },
    });
    expect(published.variants.map((variant) => [variant.sku, variant.options])).toEqual([
      ["POSTER-A3-A3-NONE", { Size: "A3", Frame: "None" }],
      ["POSTER-A3-A3-OAK", { Size: "A3", Frame: "Oak" }],
      ["POSTER-A3-A2-NONE", { Size: "A2", Frame: "None" }],
      ["POSTER-A3-A2-OAK", { Size: "A2", Frame: "Oak" }],
    ]);
    const listing = fake.world.findListing(Number(published.externalProductId))!;
    expect(listing).toMatchObject({ state: "draft", title: "Sunset poster", description: "Giclée print" });
    expect(listing.products.map((product) => [product.sku, product.property_values.map((value) => [value.property_id, value.property_name, value.values[0]])])).toEqual(
      published.variants.map((variant) => [variant.sku, [[513, "Size", variant.options.Size], [514, "Frame", variant.options.Frame]]]),
    );
    const listed = await listStoreVariants({ ctx: ctx(), storeId, input: { q: "Sunset poster" } });
    expect(listed.total).toBe(4);
    for (const variant of listed.data) expect(variant).toMatchObject({ state: "linked", link: { productUid: "poster_a3", wholeProduct: true } });
    await syncStoreProducts(system(), storeId);
    expect((await listStoreVariants({ ctx: ctx(), storeId, input: { q: "Sunset poster", linked: "true" } })).total).toBe(4);
  });
});
