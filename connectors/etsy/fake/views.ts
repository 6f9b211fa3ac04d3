import type { ListingRecord, ReceiptRecord, ShopRecord } from "./state";

// Etsy's JSON for the records of state.ts (ShopReceipt, ShopListing, ListingInventory, Shop).

function total(receipt: ReceiptRecord): number {
  return receipt.transactions.reduce((sum, transaction) => sum + transaction.price.amount * transaction.quantity, 0);
}

/** A ShopReceipt; `redacted` withholds the buyer's name, address and email, as Etsy does for apps it has not approved. */
export function receiptView(receipt: ReceiptRecord, redacted: boolean): Record<string, unknown> {
  const address = receipt.address;
  const formatted = [address.name, address.first_line, address.second_line, `${address.city}, ${address.state ?? ""} ${address.zip}`.trim(), address.country_iso].filter(Boolean).join("\n");
  const money = (amount: number) => ({ amount, divisor: 100, currency_code: receipt.currency });
  return {
    receipt_id: receipt.receipt_id,
    receipt_type: 0,
    seller_user_id: receipt.seller_user_id,
    seller_email: null,
    buyer_user_id: receipt.buyer_user_id,
    buyer_email: redacted ? null : receipt.buyer_email,
    name: redacted ? null : address.name,
    first_line: redacted ? null : address.first_line,
    second_line: redacted ? null : (address.second_line ?? null),
    city: redacted ? null : address.city,
    state: redacted ? null : (address.state ?? null),
    zip: redacted ? null : address.zip,
    status: receipt.status,
    formatted_address: redacted ? null : formatted,
    country_iso: redacted ? null : address.country_iso,
    payment_method: "cc",
    payment_email: null,
    message_from_seller: null,
    message_from_buyer: receipt.message_from_buyer,
    message_from_payment: null,
    is_paid: receipt.is_paid,
    is_shipped: receipt.is_shipped,
    create_timestamp: receipt.created_timestamp,
    created_timestamp: receipt.created_timestamp,
    update_timestamp: receipt.updated_timestamp,
    updated_timestamp: receipt.updated_timestamp,
    is_gift: false,
    gift_message: "",
    grandtotal: money(total(receipt)),
    subtotal: money(total(receipt)),
    total_price: money(total(receipt)),
    total_shipping_cost: money(0),
    total_tax_cost: money(0),
    total_vat_cost: money(0),
    discount_amt: money(0),
    gift_wrap_price: money(0),
    shipments: receipt.shipments.map((shipment) => ({ ...shipment })),
    transactions: receipt.transactions.map((transaction) => ({
      transaction_id: transaction.transaction_id,
      title: transaction.title,
      description: null,
      seller_user_id: receipt.seller_user_id,
      buyer_user_id: receipt.buyer_user_id,
      create_timestamp: receipt.created_timestamp,
      created_timestamp: receipt.created_timestamp,
      paid_timestamp: receipt.is_paid ? receipt.created_timestamp : null,
      shipped_timestamp: receipt.shipments[0]?.shipment_notification_timestamp ?? null,
      quantity: transaction.quantity,
      listing_image_id: null,
      receipt_id: receipt.receipt_id,
      is_digital: transaction.is_digital,
      file_data: "",
      listing_id: transaction.listing_id,
      transaction_type: "listing",
      product_id: transaction.product_id,
      sku: transaction.sku,
      price: transaction.price,
      shipping_cost: money(0),
      variations: transaction.variations,
      product_data: [],
      shipping_profile_id: null,
      min_processing_days: 1,
      max_processing_days: 3,
      shipping_method: null,
      shipping_upgrade: null,
      expected_ship_date: receipt.created_timestamp + 3 * 86400,
      buyer_coupon: 0,
      shop_coupon: 0,
    })),
    refunds: [],
  };
}

export function inventoryView(listing: ListingRecord): Record<string, unknown> {
  return {
    products: listing.products.map((product) => ({ ...product, offerings: product.offerings.map((offering) => ({ ...offering })), property_values: product.property_values.map((value) => ({ ...value })) })),
    price_on_property: listing.price_on_property,
    quantity_on_property: listing.quantity_on_property,
    sku_on_property: listing.sku_on_property,
  };
}

export function listingView(listing: ListingRecord, withInventory: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = {
    listing_id: listing.listing_id,
    user_id: listing.user_id,
    shop_id: listing.shop_id,
    title: listing.title,
    description: listing.description,
    state: listing.state,
    creation_timestamp: listing.created_timestamp,
    created_timestamp: listing.created_timestamp,
    last_modified_timestamp: listing.updated_timestamp,
    updated_timestamp: listing.updated_timestamp,
    quantity: listing.quantity,
    url: `https://www.etsy.com/listing/${listing.listing_id}`,
    taxonomy_id: listing.taxonomy_id,
    who_made: listing.who_made,
    when_made: listing.when_made,
    is_digital: listing.is_digital,
    has_variations: listing.products.some((product) => product.property_values.length > 0),
    skus: listing.products.map((product) => product.sku).filter(Boolean),
    price: listing.price,
  };
  if (withInventory) view.inventory = inventoryView(listing);
  return view;
}

export function shopView(shop: ShopRecord, origin: string): Record<string, unknown> {
  return { shop_id: shop.shop_id, user_id: shop.user_id, shop_name: shop.shop_name, currency_code: shop.currency_code, url: `${origin}/shop/${encodeURIComponent(shop.shop_name)}`, listing_active_count: [...shop.listings.values()].filter((listing) => listing.state === "active").length };
}
