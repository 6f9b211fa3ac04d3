import { ShopError, type OrderPage, type ShopOrder } from "../types";
import { etsyRequest, etsyRequestOrNull, type EtsySession } from "./client";
import { etsyReceiptSchema, etsyReceiptsSchema } from "./schemas";
import { toShopOrder } from "./transform";

// Receipts changed since a moment, oldest change first. Etsy pages by offset, which shifts when a receipt
// changes mid-walk; the cursor therefore restarts at the last change second seen and skips only the
// receipts of that second it already returned.
export const ORDER_PAGE_SIZE = 20;

type Cursor = { t: number; n: number };

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

function decodeCursor(value: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as Partial<Cursor>;
    if (Number.isSafeInteger(parsed.t) && Number.isSafeInteger(parsed.n) && (parsed.n as number) >= 0) return { t: parsed.t as number, n: parsed.n as number };
  } catch {
    // falls through to the error below
  }
  throw new ShopError("rejected", "Not an Etsy order cursor");
}

/** The receipt as Etsy has it now (transactions included); null when Etsy does not have it. */
export async function getOrder(session: EtsySession, externalOrderId: string): Promise<ShopOrder | null> {
  if (!/^\d{1,19}$/.test(externalOrderId)) return null;
  const receipt = await etsyRequestOrNull(session, { operation: "getShopReceipt", method: "GET", path: `/shops/${session.identity}/receipts/${externalOrderId}` }, etsyReceiptSchema);
  return receipt ? toShopOrder(receipt) : null;
}

/** Receipts updated at or after `since` (any status: cancellations matter too), oldest change first. */
export async function listOrdersUpdatedSince(session: EtsySession, since: Date, cursor: string | null): Promise<OrderPage> {
  // Etsy compares whole seconds: round down so "at or after" never drops a receipt.
  const position = cursor ? decodeCursor(cursor) : { t: Math.max(946684800, Math.floor(since.getTime() / 1000)), n: 0 };
  const page = await etsyRequest(
    session,
    {
      operation: "getShopReceipts",
      method: "GET",
      path: `/shops/${session.identity}/receipts`,
      query: { min_last_modified: position.t, sort_on: "updated", sort_order: "asc", limit: ORDER_PAGE_SIZE, offset: position.n },
    },
    etsyReceiptsSchema,
  );
  const orders = page.results.map(toShopOrder);
  const last = page.results.at(-1);
  if (!last || position.n + page.results.length >= page.count) return { orders, nextCursor: null };
  const atLast = page.results.filter((receipt) => receipt.updated_timestamp === last.updated_timestamp).length;
  const next = last.updated_timestamp === position.t ? { t: position.t, n: position.n + atLast } : { t: last.updated_timestamp, n: atLast };
  return { orders, nextCursor: encodeCursor(next) };
}
