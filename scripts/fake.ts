// npm run fake -- <platform>: a local fake of a shop platform, so the whole connect-and-order flow can be
// tried without an account. Options: --port N (default 4100 for Shopify, 4300 for WooCommerce),
// SHOPIFY_API_KEY / SHOPIFY_API_SECRET.
import { parseArgs } from "node:util";
import { startShopifyFake } from "@/connectors/shopify/fake";
import { startWooFake } from "@/connectors/woocommerce/fake";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { port: { type: "string" } } });
const platform = positionals[0];

async function runShopify(): Promise<void> {
  const apiKey = process.env.SHOPIFY_API_KEY ?? "fake-shopify-api-key";
  const apiSecret = process.env.SHOPIFY_API_SECRET ?? "fake-shopify-api-secret";
  const port = Number(values.port ?? process.env.FAKE_SHOPIFY_PORT ?? 4100);
  const fake = await startShopifyFake({ apiKey, apiSecret, port, autoCreateShops: true });
  const shop = "demo.myshopify.com";
  fake.shops.createShop(shop, { name: "Demo Print Shop" });
  const tee = fake.shops.createProduct(shop, {
    title: "Classic Tee",
    variants: ["S", "M", "L"].map((size) => ({ sku: `POD-TEE-BLK-${size}`, price: "25.00", options: { Color: "Black", Size: size } })),
  });
  fake.shops.createProduct(shop, { title: "Poster A2", variants: [{ sku: "POD-POSTER-A2", price: "18.00" }] });
  fake.shops.createProduct(shop, { title: "Gift card", variants: [{ sku: null, price: "50.00", requiresShipping: false }] });
  const token = fake.shops.createAccessToken(shop);
  const lines = [
    `Shopify fake (Admin API 2026-10) on ${fake.url} (schema built in ${fake.schemaBuildMs} ms)`,
    ``,
    `  SHOPIFY_API_ORIGIN=${fake.origin}`,
    `  SHOPIFY_API_KEY=${apiKey}`,
    `  SHOPIFY_API_SECRET=${apiSecret}`,
    ``,
    `Demo shop ${shop}: ${fake.shops.getShop(shop).products.size} products (variant ids of Classic Tee: ${tee.variantIds.join(", ")}).`,
    `A custom-app token for it: ${token}`,
    `Any other *.myshopify.com name is created on its first OAuth visit.`,
    `Install page: ${fake.origin.replace("{shop}", shop)}/admin/oauth/authorize?client_id=${apiKey}&scope=read_orders&redirect_uri=…&state=…`,
    `Ctrl-C stops it.`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  const stop = () => {
    fake.close().finally(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

async function runWooCommerce(): Promise<void> {
  const port = Number(values.port ?? process.env.FAKE_WOOCOMMERCE_PORT ?? 4300);
  // Local demo: Inkbridge runs on http://localhost, so the key POST may go to a plain-http callback.
  const fake = await startWooFake({ port, siteName: "Demo Woo Print Shop", requireHttpsCallback: false });
  const tee = fake.site.createProduct({
    name: "Classic Tee",
    attributes: [{ name: "Size", options: ["S", "M", "L"] }],
    variations: ["S", "M", "L"].map((size) => ({ sku: `POD-TEE-BLK-${size}`, regularPrice: "25.00", attributes: { Size: size } })),
  });
  fake.site.createProduct({ name: "Poster A2", sku: "POD-POSTER-A2", regularPrice: "18.00" });
  fake.site.createProduct({ name: "Printable calendar", sku: "POD-PDF-CAL", regularPrice: "5.00", virtual: true, downloadable: true });
  const key = fake.site.createKey("read_write", "Demo key");
  const host = new URL(fake.siteUrl).host;
  const lines = [
    `WooCommerce fake (REST wc/v3, Shipment Tracking on) at ${fake.siteUrl}`,
    ``,
    `  SHOP_FETCH_ALLOW=${host}`,
    ``,
    `Site URL to connect: ${fake.siteUrl} (http: requests are signed with OAuth 1.0a)`,
    `Products: Classic Tee (variable, variation ids ${tee.variationIds.join(", ")}), Poster A2 (simple), Printable calendar (virtual).`,
    `Keys by hand: consumer key ${key.consumerKey}`,
    `              consumer secret ${key.consumerSecret}`,
    `Key flow: ${fake.siteUrl}/wc-auth/v1/authorize?app_name=…&scope=read_write&user_id=…&return_url=…&callback_url=… (Approve posts the keys)`,
    `${fake.siteUrl}/ lists orders, notes and webhooks and has a "Place a paid order" button.`,
    `Ctrl-C stops it.`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  const stop = () => {
    fake.close().finally(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

switch (platform) {
  case "shopify":
    await runShopify();
    break;
  case "woocommerce":
    await runWooCommerce();
    break;
  default:
    process.stderr.write(`Usage: npm run fake -- shopify|woocommerce [--port N]\n`);
    process.exit(1);
}
