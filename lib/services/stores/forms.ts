import "server-only";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import type { ConnectStoreInput } from "./index";
import { getStore, linkVariant } from "./index";
import { findUsableProduct } from "@/lib/services/catalog-access";

// Form fields of the store forms (portal and console) turned into service inputs.

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value.trim() : "";
}

/** The custom-app form: shop domain, Admin API access token, and optionally the app's API secret key. */
export function shopifyTokenInput(formData: FormData): ConnectStoreInput {
  const webhookSecret = text(formData, "webhookSecret");
  return {
    platform: "shopify",
    shopDomain: text(formData, "shopDomain"),
    accessToken: text(formData, "accessToken"),
    ...(webhookSecret ? { webhookSecret } : {}),
    registerWebhooks: formData.get("registerWebhooks") !== "off",
  };
}

/** The WooCommerce keys form: site address, consumer key and secret (a webhook secret is generated). */
export function wooCommerceKeysInput(formData: FormData): ConnectStoreInput {
  return {
    platform: "woocommerce",
    siteUrl: text(formData, "siteUrl"),
    consumerKey: text(formData, "consumerKey"),
    consumerSecret: text(formData, "consumerSecret"),
    registerWebhooks: formData.get("registerWebhooks") !== "off",
  };
}

/**
 * "Link this variant" from an order: a catalog product the customer may use and one design file
 * URL per print area (fields `file.<area>`). The store is looked up first, so another customer's
 * store is a 404 whoever asks.
 */
export async function linkVariantFromForm(ctx: ServiceContext, customerId: string, formData: FormData) {
  const store = await getStore({ ctx, storeId: text(formData, "storeId") });
  if (store.customerId !== customerId) throw new AppError("not_found", "Store not found");
  const productUid = text(formData, "productUid");
  const product = productUid ? await findUsableProduct(ctx.db, store.customerId, productUid) : undefined;
  if (!product) throw new AppError("validation_failed", "Choose one of the products in the catalog", { details: [{ path: "productUid", message: "choose a product" }] });
  const files = product.fileTypes.map((type) => ({ type, url: text(formData, `file.${type}`) }));
  const missing = files.filter((file) => !file.url);
  if (missing.length) {
    throw new AppError("validation_failed", "Every print area needs a design file URL", {
      details: missing.map((file) => ({ path: `file.${file.type}`, message: "enter the URL of the design file for this print area" })),
    });
  }
  try {
    return await linkVariant({
      ctx,
      storeId: store.id,
      input: { externalProductId: text(formData, "externalProductId"), externalVariantId: text(formData, "externalVariantId") || undefined, productUid: product.productUid, files },
    });
  } catch (error) {
    // The service names files by index; the form names them by print area.
    if (error instanceof AppError && error.code === "validation_failed") {
      throw new AppError(error.code, error.message, {
        details: error.details.map((detail) => {
          const index = /^files\[(\d+)\]/.exec(detail.path)?.[1];
          return index === undefined ? detail : { path: `file.${files[Number(index)]?.type}`, message: detail.message };
        }),
      });
    }
    throw error;
  }
}
