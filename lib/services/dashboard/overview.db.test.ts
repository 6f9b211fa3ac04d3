import { describe, expect, it, beforeAll } from "vitest";
import { eq, sql } from "drizzle-orm";
import { useTestRuntime } from "@/tests/support/runtime";
import { createTestCustomer, staffContext } from "@/db/factories";
import { orders } from "@/db/schema";
import { createContext } from "@/lib/services/context";
import { createProduct } from "@/lib/services/catalog";
import { canonicalPaths, intakeOrder, prepareOrder } from "@/lib/services/orders";
import { getDashboard } from "./overview";

const runtime = useTestRuntime();

describe("dashboard", () => {
  let customerId: string;
  beforeAll(async () => {
    customerId = (await createTestCustomer(runtime.db, { name: "Dash Co" })).id;
    await createProduct({ ctx: staffContext(runtime.db), input: { productUid: "mug", title: "Mug" } });
    const ctx = createContext({ type: "connector", connectorId: "con_d", customerId }, { db: runtime.db });
    for (const [index, channel] of (["gelato_api", "gelato_api", "siteflow_api"] as const).entries()) {
      const input = {
        channel,
        externalId: `D-${index}`,
        items: [{ sourceProductKey: "mug", quantity: 1, files: [{ type: "default", url: "https://example.com/m.png" }] }],
        shipments: [{ shipmentIndex: 0, address: { firstName: "A", lastName: "B", addressLine1: "1 St", city: "Paris", postCode: "75001", country: "FR" } }],
      };
      const prepared = await prepareOrder(runtime.db, customerId, input, canonicalPaths);
      await intakeOrder({ ctx, customerId, channel, connectorId: "con_d", prepared, rawBody: "{}", payload: input });
    }
  });

  it("counts orders per day by channel and by status", async () => {
    const dashboard = await getDashboard({ ctx: staffContext(runtime.db), days: 7 });
    expect(dashboard.perDay).toHaveLength(7);
    const today = dashboard.perDay.at(-1)!;
    expect(today).toMatchObject({ gelato_api: 2, siteflow_api: 1, total: 3 });
    expect(dashboard.byStatus.created).toBe(3);
    expect(dashboard.receivedToday).toBe(3);
  });

  it("lists an order as stuck once it has waited too long in its status", async () => {
    expect((await getDashboard({ ctx: staffContext(runtime.db) })).stuck).toHaveLength(0);
    await runtime.db.update(orders).set({ statusChangedAt: sql`now() - interval '1 hour'` }).where(eq(orders.externalId, "D-0"));
    const dashboard = await getDashboard({ ctx: staffContext(runtime.db) });
    expect(dashboard.stuck.map((order) => order.externalId)).toEqual(["D-0"]);
    expect(dashboard.stuck[0]).toMatchObject({ customerName: "Dash Co", status: "created" });
  });
});
