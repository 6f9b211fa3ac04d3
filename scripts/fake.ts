// npm run fake -- <platform>: a local fake of a shop platform, so the whole connect-and-order flow can be
// tried without an account. Options: --port N (default 4100 Shopify, 4200 Etsy, 4300 WooCommerce),
// SHOPIFY_API_KEY / SHOPIFY_API_SECRET, ETSY_KEYSTRING / ETSY_SHARED_SECRET / ETSY_WEBHOOK_SECRET (+ --webhook-url).
import { parseArgs } from "node:util";
import { createWebhookSecret, startEtsyFake } from "@/connectors/etsy/fake";
import { startShopifyFake } from "@/connectors/shopify/fake";
import { startWooFake } from "@/connectors/woocommerce/fake";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { port: { type: "string" }, "webhook-url": { type: "string" } } });
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

async function runEtsy(): Promise<void> {
  const keystring = process.env.ETSY_KEYSTRING ?? "fakeetsykeystring0000000";
  const sharedSecret = process.env.ETSY_SHARED_SECRET ?? "fake-etsy-shared-secret";
  const webhookSecret = process.env.ETSY_WEBHOOK_SECRET ?? createWebhookSecret();
  const webhookUrl = values["webhook-url"];
  const port = Number(values.port ?? process.env.FAKE_ETSY_PORT ?? 4200);
  const fake = await startEtsyFake({ keystring, sharedSecret, port, allowHttpRedirects: true, ...(webhookUrl ? { webhooks: { url: webhookUrl, secret: webhookSecret } } : {}) });
  const { shop } = fake.world.createUserWithShop({ shopName: "DemoPrintShop" });
  const tee = fake.world.createListing(shop.shop_id, {
    title: "Classic Tee",
    products: ["S", "M", "L"].map((size) => ({ sku: `POD-TEE-BLK-${size}`, price: "25.00", properties: { Color: "Black", Size: size } })),
  });
  fake.world.createListing(shop.shop_id, { title: "Poster A2", products: [{ sku: "POD-POSTER-A2", price: "18.00" }] });
  fake.world.createListing(shop.shop_id, { title: "Printable planner", isDigital: true, products: [{ sku: "", price: "5.00" }] });
  const tokens = fake.world.createTokens(shop.shop_id, keystring);
  const lines = [
    `Etsy fake (Open API v3) on ${fake.url}`,
    ``,
    `  ETSY_API_ORIGIN=${fake.origin}`,
    `  ETSY_KEYSTRING=${keystring}`,
    `  ETSY_SHARED_SECRET=${sharedSecret}`,
    `  ETSY_WEBHOOK_SECRET=${webhookSecret}`,
    ``,
    `Demo shop ${shop.shop_name}, shop id ${shop.shop_id}: ${shop.listings.size} listings (inventory product ids of Classic Tee: ${tee.productIds.join(", ")}).`,
    `Tokens for it (by hand in the admin API): access ${tokens.accessToken}`,
    `  refresh ${tokens.refreshToken}, expires ${new Date(tokens.expiresAt).toISOString()}`,
    webhookUrl ? `order.paid webhooks go to ${webhookUrl}.` : `No webhooks (--webhook-url https://… sends order.paid there).`,
    `Connect page: ${fake.origin}/oauth/connect?response_type=code&client_id=${keystring}&redirect_uri=…&scope=…&state=…&code_challenge=…&code_challenge_method=S256`,
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
  case "etsy":
    await runEtsy();
    break;
  default:
    process.stderr.write(`Usage: npm run fake -- shopify [--port 4100] | woocommerce [--port 4300] | etsy [--port 4200] [--webhook-url URL]\n`);
    process.exit(1);
}
