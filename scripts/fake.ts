// npm run fake -- <platform>: a local fake of a shop platform, so the whole connect-and-order flow can be
// tried without an account. Options: --port N (default 4100), SHOPIFY_API_KEY / SHOPIFY_API_SECRET.
import { parseArgs } from "node:util";
import { startShopifyFake } from "@/connectors/shopify/fake";

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

switch (platform) {
  case "shopify":
    await runShopify();
    break;
  default:
    process.stderr.write(`Usage: npm run fake -- shopify [--port 4100]\n`);
    process.exit(1);
}
