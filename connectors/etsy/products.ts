import { ShopError, type PublishRequest, type PublishResult, type ShopVariant, type VariantPage } from "../types";
import { etsyRequest, type EtsySession } from "./client";
import { etsyInventorySchema, etsyListingSchema, etsyListingsSchema, type EtsyListing } from "./schemas";
import { toShopVariant } from "./transform";

// Every listing state holds variants a customer may have linked; the walk goes through them in turn.
export const LISTING_STATES = ["active", "draft", "inactive", "sold_out", "expired"] as const;
export const LISTING_PAGE_SIZE = 25;
// Etsy's ids for custom variation properties (the first and second option of a listing).
export const CUSTOM_PROPERTY_IDS = [513, 514] as const;
// createDraftListing requires a seller taxonomy; until the publish form asks for one, the top-level node.
export const DEFAULT_TAXONOMY_ID = 1;

type Cursor = { s: number; o: number };

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

function decodeCursor(value: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as Partial<Cursor>;
    if (Number.isSafeInteger(parsed.s) && Number.isSafeInteger(parsed.o) && (parsed.s as number) >= 0 && (parsed.s as number) < LISTING_STATES.length && (parsed.o as number) >= 0) return { s: parsed.s as number, o: parsed.o as number };
  } catch {
    // falls through to the error below
  }
  throw new ShopError("rejected", "Not an Etsy variant cursor");
}

async function inventoryOf(session: EtsySession, listing: EtsyListing) {
  if (listing.inventory) return listing.inventory;
  return etsyRequest(session, { operation: "getListingInventory", method: "GET", path: `/listings/${listing.listing_id}/inventory` }, etsyInventorySchema);
}

/** The shop's inventory products as variants, one page of listings (with their inventory) per call. */
export async function listVariants(session: EtsySession, cursor: string | null): Promise<VariantPage> {
  const position = cursor ? decodeCursor(cursor) : { s: 0, o: 0 };
  const state = LISTING_STATES[position.s] as (typeof LISTING_STATES)[number];
  const page = await etsyRequest(
    session,
    { operation: "getListingsByShop", method: "GET", path: `/shops/${session.identity}/listings`, query: { state, limit: LISTING_PAGE_SIZE, offset: position.o, includes: "Inventory" } },
    etsyListingsSchema,
  );
  const variants: ShopVariant[] = [];
  for (const listing of page.results) {
    const inventory = await inventoryOf(session, listing);
    for (const product of inventory.products) if (product.is_deleted !== true) variants.push(toShopVariant(listing, product));
  }
  const offset = position.o + page.results.length;
  const next = page.results.length > 0 && offset < page.count ? { s: position.s, o: offset } : position.s + 1 < LISTING_STATES.length ? { s: position.s + 1, o: 0 } : null;
  return { variants, nextCursor: next ? encodeCursor(next) : null };
}

function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/p>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .trim();
}

function checkRequest(request: PublishRequest): void {
  if (request.variants.length === 0) throw new ShopError("rejected", "A listing needs at least one variant", { field: "variants" });
  if (request.options.length > CUSTOM_PROPERTY_IDS.length) throw new ShopError("rejected", "Etsy listings have at most two variation options", { field: "options" });
  for (const option of request.options) {
    if (option.values.some((value) => /[()]/.test(value))) throw new ShopError("rejected", `Etsy does not allow ( or ) in option values (${option.name})`, { field: "options" });
  }
  for (const variant of request.variants) {
    if (!(Number(variant.price) > 0)) throw new ShopError("rejected", `Price ${variant.price} of ${variant.sku} is not a positive amount`, { field: "variants.price" });
    for (const option of request.options) {
      if (!variant.optionValues[option.name]) throw new ShopError("rejected", `Variant ${variant.sku} has no value for ${option.name}`, { field: "variants.optionValues" });
    }
  }
}

/**
 * A draft listing with one inventory product per variant. Etsy activates a listing only with photos and a
 * shipping profile, so the seller publishes it in Etsy. Etsy gives the products new ids on this write.
 */
export async function publishProduct(session: EtsySession, request: PublishRequest): Promise<PublishResult> {
  checkRequest(request);
  const prices = request.variants.map((variant) => Number(variant.price));
  const listing = await etsyRequest(
    session,
    {
      operation: "createDraftListing",
      method: "POST",
      path: `/shops/${session.identity}/listings`,
      form: {
        quantity: 999,
        title: request.title,
        description: (request.descriptionHtml ? plainText(request.descriptionHtml) : "") || request.title,
        price: Math.min(...prices).toFixed(2),
        who_made: "i_did",
        when_made: "made_to_order",
        taxonomy_id: DEFAULT_TAXONOMY_ID,
        type: "physical",
      },
    },
    etsyListingSchema,
  );
  const propertyIds = request.options.map((_, index) => CUSTOM_PROPERTY_IDS[index] as number);
  const inventory = await etsyRequest(
    session,
    {
      operation: "updateListingInventory",
      method: "PUT",
      path: `/listings/${listing.listing_id}/inventory`,
      json: {
        products: request.variants.map((variant) => ({
          sku: variant.sku,
          property_values: request.options.map((option, index) => ({ property_id: propertyIds[index], property_name: option.name, value_ids: [], values: [variant.optionValues[option.name]] })),
          offerings: [{ price: Number(variant.price), quantity: 999, is_enabled: true }],
        })),
        price_on_property: new Set(prices).size > 1 ? propertyIds : [],
        quantity_on_property: [],
        sku_on_property: new Set(request.variants.map((variant) => variant.sku)).size > 1 ? propertyIds : [],
      },
    },
    etsyInventorySchema,
  );
  return { externalProductId: String(listing.listing_id), variants: inventory.products.filter((product) => product.is_deleted !== true).map((product) => toShopVariant(listing, product)) };
}
