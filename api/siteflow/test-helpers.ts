import { createHmac } from "node:crypto";
import { count, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { orders } from "@/db/schema";
import { createTestCustomer, staffContext } from "@/db/factories";
import { createConnector, createSharedConnector, updateConnector } from "@/lib/services/connectors";
import { createProduct } from "@/lib/services/catalog";
import { createLookup } from "@/lib/services/lookups";
import type { RoutingRule } from "@/db/schema/connectors";

// Shared by the SiteFlow HTTP tests: clients that sign the way Site Flow's SDKs do, the order
// from Site Flow's documentation, and a customer set up to accept it.

export const account = "myPrintCompany";

/** Site Flow's documented minimal order. */
export function minimalOrder(sourceOrderId = "TestOrder"): Record<string, unknown> {
  return {
    destination: { name: account },
    orderData: {
      sourceOrderId,
      items: [{ sku: "card.123", sourceItemId: "my-card", quantity: 1, components: [{ code: "Card", fetch: true, path: "http://www.site.com/text.pdf" }] }],
      shipments: [
        {
          shipTo: { name: "Peter Pan", address1: "17 Disney Way", town: "Los Angeles", postcode: "12345", isoCountry: "US" },
          carrier: { alias: "pickup" },
        },
      ],
    },
  };
}

/**
 * fetch that waits and tries again while the server sheds load (503), as a client honouring
 * Retry-After would; on a busy machine the in-process database can stall the event loop.
 */
export async function fetchRetrying(url: string, init: () => RequestInit): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(url, init());
    if (response.status !== 503 || attempt >= 100) return response;
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export type Credentials = { apiKey: string; secret: string; connectorId: string };

export type SignOptions = {
  algorithm?: "SHA256" | "SHA1" | null;
  date?: string;
  /** The path put in the signed string, when it differs from the request's. */
  signedPath?: string;
  signedMethod?: string;
  secret?: string;
  apiKey?: string;
  signature?: string;
};

/** The x-oneflow headers, as HP's JS SDK builds them unless options say otherwise. */
export function oneflowHeaders(credentials: Credentials, method: string, url: string, options: SignOptions = {}): Record<string, string> {
  const date = options.date ?? new Date().toISOString();
  const algorithm = options.algorithm === undefined ? "SHA256" : options.algorithm;
  const path = options.signedPath ?? decodeURIComponent(new URL(url).pathname);
  const signature =
    options.signature ??
    createHmac(algorithm ?? "SHA1", options.secret ?? credentials.secret)
      .update(`${(options.signedMethod ?? method).toUpperCase()} ${path} ${date}`)
      .digest("hex");
  return {
    "x-oneflow-authorization": `${options.apiKey ?? credentials.apiKey}:${signature}`,
    "x-oneflow-date": date,
    ...(algorithm ? { "x-oneflow-algorithm": algorithm } : {}),
    "content-type": "application/json",
  };
}

/** Request and response bodies in tests, edited and read field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Editable = any;

export type Reply = { status: number; body: Editable; headers: Headers };

/** A request through the SiteFlow API of the test server. */
export async function siteflowRequest(
  baseUrl: string,
  credentials: Credentials,
  method: string,
  path: string,
  options: SignOptions & { body?: unknown; raw?: string; headers?: Record<string, string>; unsigned?: boolean } = {},
): Promise<Reply> {
  const url = `${baseUrl}/api/siteflow${path}`;
  const sent = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await fetchRetrying(url, () => ({
    method,
    headers: { ...(options.unsigned ? { "content-type": "application/json" } : oneflowHeaders(credentials, method, url, options)), ...options.headers },
    body: sent,
  }));
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Left as text for the assertion to show.
  }
  return { status: response.status, body, headers: response.headers };
}

export const routingRules: RoutingRule[] = [
  { key: "rush01", name: "Rush cards", tags: ["rush", "cards"], priority: "rush" },
  { key: "hold01", name: "Approve first", tags: ["approval"], hold: true },
];

/** A customer with the catalog and lookups the documented order needs, and its SiteFlow connector. */
export async function setUpCustomer(db: Database, options: { referenceId?: string; name?: string } = {}) {
  const ctx = staffContext(db);
  const customer = await createTestCustomer(db, { name: options.name ?? "Site Flow Customer", referenceId: options.referenceId });
  await createLookup({ ctx, customerId: customer.id, input: { name: "Components", field: "file_type", entries: [{ key: "Card", value: "default" }, { key: "cover", value: "front" }, { key: "inner", value: "back" }] } });
  const connector = await createConnector({ ctx, customerId: customer.id, input: { type: "siteflow", name: "Site Flow" } });
  await updateConnector({ ctx, connectorId: connector.id, input: { routingRules } });
  return { customer, credentials: { apiKey: connector.apiKey, secret: connector.secret, connectorId: connector.id } };
}

export async function setUpCatalog(db: Database) {
  const ctx = staffContext(db);
  await createProduct({ ctx, input: { productUid: "card.123", title: "Business card", fileTypes: ["default"] } });
  await createProduct({ ctx, input: { productUid: "booklet_a5", title: "A5 booklet", fileTypes: ["front", "back"] } });
}

export async function createSharedSiteflowConnector(db: Database): Promise<Credentials> {
  const connector = await createSharedConnector({ ctx: staffContext(db), input: { type: "siteflow", name: "Integrator", allCustomers: true } });
  return { apiKey: connector.apiKey, secret: connector.secret, connectorId: connector.id };
}

export async function countOrders(db: Database, customerId?: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(orders).where(customerId ? eq(orders.customerId, customerId) : undefined);
  return Number(row?.n ?? 0);
}
