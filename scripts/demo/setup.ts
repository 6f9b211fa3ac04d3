// The demo world: the three fake platforms, and the data a partner would have after a first
// afternoon (a catalog, a customer with a portal admin, one connected store per platform with
// some of its products linked). Used by `npm run demo` and by its test.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { customers } from "@/db/schema";
import type { Database } from "@/db/client";
import { startShopifyFake, type ShopifyFake } from "@/connectors/shopify/fake";
import { startWooFake, type WooFake } from "@/connectors/woocommerce/fake";
import { createWebhookSecret, startEtsyFake, type EtsyFake } from "@/connectors/etsy/fake";
import { createContext } from "@/lib/services/context";
import { createProduct } from "@/lib/services/catalog";
import { createCustomer } from "@/lib/services/customers";
import { enableStorefrontAccess } from "@/lib/services/storefront";
import { acceptLink, issueLink } from "@/lib/services/auth/links";
import { connectStore, linkVariant } from "@/lib/services/stores";

export const demoShopDomain = "demo-prints.myshopify.com";
export const demoCustomerReference = "demo";
export const demoPlatforms = ["shopify", "woocommerce", "etsy"] as const;
export type DemoPlatform = (typeof demoPlatforms)[number];

export type DemoFakes = {
  shopify: ShopifyFake;
  woocommerce: WooFake;
  etsy: EtsyFake;
  etsyShopId: number;
  /** What the Inkbridge server needs to reach them (SHOPIFY_API_ORIGIN, ETSY_API_ORIGIN, SHOP_FETCH_ALLOW, …). */
  env: Record<string, string>;
  /** Where `npm run demo -- order` places orders: written to DATA_DIR/demo.json. */
  endpoints: DemoEndpoints;
  close(): Promise<void>;
};

export type DemoEndpoints = { shopify: string; woocommerce: string; etsy: string; etsyShopId: number };

const shopifyKeys = { apiKey: "demo-shopify-api-key", apiSecret: "demo-shopify-api-secret" };
const etsyKeys = { keystring: "demoetsykeystring0000000", sharedSecret: "demo-etsy-shared-secret" };

/**
 * Starts the fakes on `ports` (0 = any free port). Etsy's `order.paid` webhooks go to
 * `appUrl`; Shopify and WooCommerce learn the webhook address when the stores are connected.
 */
export async function startDemoFakes(options: { appUrl: string; ports?: Partial<Record<DemoPlatform, number>>; fast?: boolean }): Promise<DemoFakes> {
  const etsyWebhookSecret = createWebhookSecret();
  // On a busy machine the fakes share a thread with the server: give deliveries time, retry soon.
  const delivery = options.fast ? { retryDelaysMs: [200, 400, 800, 1600, 3200], timeoutMs: 30_000 } : undefined;
  const shopify = await startShopifyFake({ ...shopifyKeys, port: options.ports?.shopify ?? 0, autoApprove: true, autoCreateShops: true, ...(delivery ? { webhookDelivery: delivery } : {}) });
  const woocommerce = await startWooFake({ port: options.ports?.woocommerce ?? 0, siteName: "Demo Woo Prints", requireHttpsCallback: false, ...(delivery ? { webhookDelivery: delivery } : {}) });
  const etsy = await startEtsyFake({
    ...etsyKeys,
    port: options.ports?.etsy ?? 0,
    allowHttpRedirects: true,
    webhooks: { url: `${options.appUrl}/api/webhooks/etsy`, secret: etsyWebhookSecret, ...(options.fast ? { retryDelaysMs: [200, 400, 800, 1600, 3200] } : {}) },
  });
  const { shop } = etsy.world.createUserWithShop({ shopName: "DemoEtsyPrints" });
  return {
    shopify,
    woocommerce,
    etsy,
    etsyShopId: shop.shop_id,
    env: {
      SHOPIFY_API_KEY: shopifyKeys.apiKey,
      SHOPIFY_API_SECRET: shopifyKeys.apiSecret,
      SHOPIFY_API_ORIGIN: shopify.origin,
      SHOPIFY_SCOPES: "read_orders,read_products,write_products,read_merchant_managed_fulfillment_orders,write_merchant_managed_fulfillment_orders",
      ETSY_API_ORIGIN: etsy.origin,
      ETSY_KEYSTRING: etsyKeys.keystring,
      ETSY_SHARED_SECRET: etsyKeys.sharedSecret,
      ETSY_WEBHOOK_SECRET: etsyWebhookSecret,
      SHOP_FETCH_ALLOW: new URL(woocommerce.siteUrl).host,
    },
    endpoints: { shopify: shopify.origin.replace("{shop}", demoShopDomain), woocommerce: woocommerce.siteUrl, etsy: etsy.url, etsyShopId: shop.shop_id },
    async close() {
      await Promise.allSettled([shopify.close(), woocommerce.close(), etsy.close()]);
    },
  };
}

export type DemoWorld = {
  customerId: string;
  customerName: string;
  portalEmail: string;
  portalPassword: string;
  stores: Record<DemoPlatform, string>;
};

/**
 * Fills an empty database with the demo: catalog products, the customer "Demo Prints" with a
 * portal admin, and its three stores connected to the fakes, the first product of each linked
 * (what the fakes' "Place a paid order" buttons buy) and one size of the tee, the rest left to
 * link. Returns undefined when the demo customer exists already (a kept demo database).
 */
export async function seedDemo(db: Database, fakes: DemoFakes, options: { artworkUrl: string; staff: { userId: string; email: string } }): Promise<DemoWorld | undefined> {
  const [existing] = await db.select({ id: customers.id }).from(customers).where(eq(customers.referenceId, demoCustomerReference));
  if (existing) return undefined;
  const ctx = createContext({ type: "staff", userId: options.staff.userId, email: options.staff.email, name: "Demo admin", role: "admin" }, { db });
  await createProduct({ ctx, input: { productUid: "demo_poster_a2", title: "Poster A2", fileTypes: ["default"] } });
  await createProduct({ ctx, input: { productUid: "demo_tee_black", title: "Classic tee, black", fileTypes: ["default"] } });
  const customer = await createCustomer({ ctx, input: { name: "Demo Prints", referenceId: demoCustomerReference, description: "Made by npm run demo" } });

  const portalEmail = "owner@demo-prints.example";
  const portalPassword = randomBytes(9).toString("base64url");
  const invited = await enableStorefrontAccess({ ctx, customerId: customer.id, input: { email: portalEmail, firstName: "Dana", lastName: "Demo" } });
  const link = await issueLink(db, invited.userId, "invite");
  await acceptLink(db, link.token, portalPassword);

  const file = [{ type: "default", url: options.artworkUrl }];
  const sizes = ["S", "M", "L"];

  // Shopify: a custom app's token; Inkbridge subscribes its webhooks.
  fakes.shopify.shops.createShop(demoShopDomain, { name: "Demo Prints on Shopify" });
  const shopifyPoster = fakes.shopify.shops.createProduct(demoShopDomain, { title: "Poster A2", variants: [{ sku: "DEMO-POSTER-A2", price: "18.00" }] });
  const shopifyTee = fakes.shopify.shops.createProduct(demoShopDomain, {
    title: "Classic Tee",
    variants: sizes.map((size) => ({ sku: `DEMO-TEE-BLK-${size}`, price: "25.00", options: { Color: "Black", Size: size } })),
  });
  const shopify = await connectStore({
    ctx,
    customerId: customer.id,
    input: { platform: "shopify", name: "Demo Prints (Shopify)", shopDomain: demoShopDomain, accessToken: fakes.shopify.shops.createAccessToken(demoShopDomain) },
  });
  await linkVariant({ ctx, storeId: shopify.id, input: { externalProductId: String(shopifyPoster.id), externalVariantId: String(shopifyPoster.variantIds[0]), productUid: "demo_poster_a2", files: file } });
  await linkVariant({ ctx, storeId: shopify.id, input: { externalProductId: String(shopifyTee.id), externalVariantId: String(shopifyTee.variantIds[1]), productUid: "demo_tee_black", files: file } });

  // WooCommerce: REST keys; Inkbridge creates its webhooks on the site.
  const wooPoster = fakes.woocommerce.site.createProduct({ name: "Poster A2", sku: "DEMO-POSTER-A2", regularPrice: "18.00" });
  const wooTee = fakes.woocommerce.site.createProduct({
    name: "Classic Tee",
    attributes: [{ name: "Size", options: sizes }],
    variations: sizes.map((size) => ({ sku: `DEMO-TEE-BLK-${size}`, regularPrice: "25.00", attributes: { Size: size } })),
  });
  const key = fakes.woocommerce.site.createKey("read_write", "Inkbridge demo");
  const woocommerce = await connectStore({
    ctx,
    customerId: customer.id,
    input: { platform: "woocommerce", name: "Demo Prints (WooCommerce)", siteUrl: fakes.woocommerce.siteUrl, consumerKey: key.consumerKey, consumerSecret: key.consumerSecret },
  });
  await linkVariant({ ctx, storeId: woocommerce.id, input: { externalProductId: String(wooPoster.id), productUid: "demo_poster_a2", files: file } });
  await linkVariant({ ctx, storeId: woocommerce.id, input: { externalProductId: String(wooTee.id), externalVariantId: String(wooTee.variationIds[1]), productUid: "demo_tee_black", files: file } });

  // Etsy: tokens as the OAuth callback would store them; order.paid webhooks plus the poll.
  const etsyPoster = fakes.etsy.world.createListing(fakes.etsyShopId, { title: "Poster A2", products: [{ sku: "DEMO-POSTER-A2", price: "18.00" }] });
  const etsyTee = fakes.etsy.world.createListing(fakes.etsyShopId, {
    title: "Classic Tee",
    products: sizes.map((size) => ({ sku: `DEMO-TEE-BLK-${size}`, price: "25.00", properties: { Color: "Black", Size: size } })),
  });
  const tokens = fakes.etsy.world.createTokens(fakes.etsyShopId, etsyKeys.keystring);
  const etsy = await connectStore({
    ctx,
    customerId: customer.id,
    input: { platform: "etsy", name: "Demo Prints (Etsy)", shopId: String(fakes.etsyShopId), accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: new Date(tokens.expiresAt).toISOString() },
  });
  await linkVariant({ ctx, storeId: etsy.id, input: { externalProductId: String(etsyPoster.listingId), externalVariantId: String(etsyPoster.productIds[0]), productUid: "demo_poster_a2", files: file } });
  await linkVariant({ ctx, storeId: etsy.id, input: { externalProductId: String(etsyTee.listingId), externalVariantId: String(etsyTee.productIds[1]), productUid: "demo_tee_black", files: file } });

  return { customerId: customer.id, customerName: customer.name, portalEmail, portalPassword, stores: { shopify: shopify.id, woocommerce: woocommerce.id, etsy: etsy.id } };
}

/** Places a paid order of the first linked product in the fake shop, the way a shopper would: the fake then sends its webhook. */
export async function placeDemoOrder(endpoints: DemoEndpoints, platform: DemoPlatform): Promise<void> {
  const request = (() => {
    switch (platform) {
      case "shopify":
        return { url: `${endpoints.shopify}/fake/place-order`, body: "" };
      case "woocommerce":
        return { url: `${endpoints.woocommerce}/fake/place-order`, body: "" };
      case "etsy":
        return { url: `${endpoints.etsy}/fake/place-receipt`, body: new URLSearchParams({ shop_id: String(endpoints.etsyShopId) }).toString() };
    }
  })();
  const response = await fetch(request.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: request.body, redirect: "manual" });
  await response.body?.cancel();
  if (response.status !== 303) throw new Error(`The ${platform} fake answered ${response.status} to the order (is npm run demo running?)`);
}
