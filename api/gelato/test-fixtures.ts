import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { queryRows, type Database } from "@/db/client";
import { createTestCustomer, staffContext } from "@/db/factories";
import { createProduct } from "@/lib/services/catalog";
import { createLookup } from "@/lib/services/lookups";
import { createConnector, createSharedConnector } from "@/lib/services/connectors";

// Shared set-up of the Gelato dialect's HTTP tests: customers, catalog, lookups, connectors.

export const tshirtUid = "apparel_product_gca_t-shirt_gsc_crewneck_gcu_unisex_gqa_classic_gsi_s_gco_white_gpr_4-4";
const logoUrl = "https://cdn-origin.gelato-api-dashboard.ie.live.gelato.tech/docs/sample-print-files/logo.png";

/** The create-order example of Gelato's v4 documentation, with its placeholders filled in. */
export function documentedExampleOrder(orderReferenceId = "order-1001") {
  return {
    orderType: "order",
    orderReferenceId,
    customerReferenceId: "customer-77",
    currency: "USD",
    shipmentMethodUid: "express",
    items: [
      {
        itemReferenceId: `${orderReferenceId}-item-1`,
        productUid: tshirtUid,
        files: [
          { type: "default", url: logoUrl },
          { type: "back", url: logoUrl },
        ],
        quantity: 1,
      },
    ],
    shippingAddress: {
      companyName: "Example",
      firstName: "Paul",
      lastName: "Smith",
      addressLine1: "451 Clarkson Ave",
      addressLine2: "Brooklyn",
      state: "NY",
      city: "New York",
      postCode: "11203",
      country: "US",
      email: "apisupport@gelato.com",
      phone: "123456789",
    },
    returnAddress: {
      companyName: "My company",
      addressLine1: "3333 Saint Marys Avenue",
      city: "New York",
      postCode: "13202",
      state: "NY",
      country: "US",
      email: "apisupport@gelato.com",
      phone: "123456789",
    },
    metadata: [{ key: "keyIdentifier1", value: "keyValue1" }],
  };
}

export type GelatoSeed = Awaited<ReturnType<typeof seedGelato>>;

export async function seedGelato(db: Database) {
  const ctx = staffContext(db);
  const acme = await createTestCustomer(db, { name: "Acme Prints", referenceId: "ACME" });
  const other = await createTestCustomer(db, { name: "Other Co", referenceId: "OTHER" });
  await createProduct({ ctx, input: { productUid: tshirtUid, title: "Classic crewneck T-shirt", fileTypes: ["default", "back"] } });
  await createProduct({ ctx, input: { productUid: "flat_a3_poster_matt", title: "A3 poster, matt", fileTypes: ["default"] } });
  await createProduct({ ctx, input: { productUid: "mug_11oz", title: "Mug 11 oz", fileTypes: ["default"] } });
  await createLookup({
    ctx,
    customerId: acme.id,
    input: {
      name: "Customer products",
      field: "product",
      entries: [
        { key: "Poster[paper=matt;size=A3]", value: "flat_a3_poster_matt" },
        { key: "Mug", value: "mug_11oz" },
      ],
    },
  });
  const acmeConnector = await createConnector({ ctx, customerId: acme.id, input: { type: "gelato", name: "Acme shop backend" } });
  const otherConnector = await createConnector({ ctx, customerId: other.id, input: { type: "gelato", name: "Other backend" } });
  const siteflowConnector = await createConnector({ ctx, customerId: acme.id, input: { type: "siteflow", name: "Acme Site Flow" } });
  const sharedConnector = await createSharedConnector({ ctx, input: { type: "gelato", name: "Integrator", allCustomers: true } });
  const keyOf = (connector: { apiKey: string; secret: string }) => `${connector.apiKey}:${connector.secret}`;
  return {
    acme,
    other,
    connectors: { acme: acmeConnector, other: otherConnector, siteflow: siteflowConnector, shared: sharedConnector },
    keys: { acme: keyOf(acmeConnector), other: keyOf(otherConnector), siteflow: keyOf(siteflowConnector), shared: keyOf(sharedConnector) },
  };
}

export type GelatoCall = {
  key?: string;
  body?: unknown;
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
};

export type GelatoAnswer = { status: number; body: any; headers: Headers; text: string }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One request to the Gelato dialect, as a Gelato client would send it. */
export async function callGelato(baseUrl: string, method: string, path: string, options: GelatoCall = {}): Promise<GelatoAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers["x-api-key"] = options.key;
  const hasBody = options.body !== undefined || options.raw !== undefined;
  if (hasBody && options.contentType !== "") headers["content-type"] = options.contentType ?? "application/json";
  const response = await fetch(`${baseUrl}/api/gelato${path}`, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: response.status, body, headers: response.headers, text };
}

/** Row counts of everything an order writes, to prove a refused request stored nothing. */
export async function storedCounts(db: Database) {
  const [row] = await queryRows<{ orders: number; items: number; shipments: number; events: number; jobs: number }>(
    db,
    sql`select (select count(*) from orders)::int as orders, (select count(*) from order_items)::int as items,
      (select count(*) from order_shipments)::int as shipments, (select count(*) from order_events)::int as events,
      (select count(*) from job_outbox where queue = 'order.process')::int as jobs`,
  );
  return { orders: Number(row!.orders), items: Number(row!.items), shipments: Number(row!.shipments), events: Number(row!.events), jobs: Number(row!.jobs) };
}

/** What a request could change about orders: status, type, update time and shipments, by UUID. */
export async function orderStates(db: Database, uids: string[]) {
  return queryRows(
    db,
    sql`select o.uid::text as uid, o.status, o.order_type, o.updated_at::text as updated_at,
      (select coalesce(jsonb_agg(jsonb_build_array(s.address, s.method) order by s.shipment_index), '[]'::jsonb) from order_shipments s where s.order_id = o.id) as shipments
      from orders o where o.uid::text in ${uids} order by o.uid`,
  );
}

/**
 * Waits until load shedding has calmed down: starting a test database blocks the event loop for
 * seconds, which the server rightly answers with 503 until a calm sample has been taken.
 */
export async function waitForCalm(app: FastifyInstance, timeoutMs = 15_000): Promise<void> {
  const pressure = app as unknown as { memoryUsage(): { eventLoopDelay: number } };
  const deadline = Date.now() + timeoutMs;
  // One full sampling interval first: before its first sample the server reports no delay at all.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  while (pressure.memoryUsage().eventLoopDelay > 200) {
    if (Date.now() > deadline) throw new Error("the event loop stayed busy");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
