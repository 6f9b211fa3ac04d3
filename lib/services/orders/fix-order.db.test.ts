import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestRuntime } from "@/tests/support/runtime";
import { samplePdf, serveFile, startArtworkServer } from "@/tests/support/artwork-server";
import { caughtAppError } from "@/tests/support/app-error";
import { createTestCustomer, staffContext } from "@/db/factories";
import type { CanonicalOrderInput } from "@/lib/domain/order";
import { createContext } from "@/lib/services/context";
import { addSampleProduct, createProduct, listProducts, sampleProduct, updateProduct } from "@/lib/services/catalog";
import { getProductionBoard } from "@/lib/services/production";
import { canonicalPaths, changeOrderStatus, intakeOrder, listOrders, loadOrderView, prepareOrder, processOrder, replaceOrderFile, retryOrderNow, type OrderView } from "./index";

const files = await startArtworkServer({ host: "127.0.0.1" });
const runtime = useTestRuntime({ env: { FILE_FETCH_HTTP: "on", FILE_FETCH_ALLOW: `127.0.0.1:${files.port}` } });
const art = (name: string) => `${files.url}/art/${name}`;
let fixed = false;
files.route("/art/good.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
files.route("/art/missing.pdf", (_request, response) => void response.writeHead(404).end());
files.route("/art/later.pdf", (request, response) => (fixed ? serveFile(samplePdf, { "content-type": "application/pdf" })(request, response) : void response.writeHead(404).end()));
afterAll(() => files.close());

const address = { firstName: "Grace", lastName: "Hopper", addressLine1: "1 Navy Yard", city: "London", postCode: "N1 1AA", country: "GB" };
let customerId: string;
const staff = () => staffContext(runtime.db, "operator");

beforeAll(async () => {
  customerId = (await createTestCustomer(runtime.db)).id;
  await createProduct({ ctx: staff(), input: { productUid: "poster", title: "Poster", fileTypes: ["default", "back"] } });
});

async function failedOrder(externalId: string, url: string, channel: "gelato_api" | "siteflow_api" = "gelato_api"): Promise<OrderView> {
  const input: CanonicalOrderInput = {
    channel,
    externalId,
    items: [{ externalItemId: "line-1", productUid: "poster", quantity: 1, files: [{ type: "back", url: art("good.pdf") }, { type: "default", url }] }],
    shipments: [{ shipmentIndex: 0, address }],
  };
  const ctx = createContext({ type: "connector", connectorId: "con_test", customerId }, { db: runtime.db });
  const prepared = await prepareOrder(runtime.db, customerId, input, canonicalPaths);
  const { order } = await intakeOrder({ ctx, customerId, channel, connectorId: "con_test", prepared, rawBody: JSON.stringify(input), payload: input });
  await processOrder(ctx, order.id, { transientRetries: 0 });
  return (await loadOrderView(runtime.db, order.id))!;
}

describe("staff fixing a failed order from the console", () => {
  it("processes a failed order again at once and returns the outcome", async () => {
    const order = await failedOrder("FIX-1", art("later.pdf"));
    expect(order.status).toBe("failed");
    const still = await retryOrderNow({ ctx: staff(), orderId: order.id });
    expect(still.status).toBe("failed");
    expect(still.statusReason).toContain("answered 404");
    fixed = true;
    const passed = await retryOrderNow({ ctx: staff(), orderId: order.id });
    expect(passed.status).toBe("passed");
    expect(passed.events.at(-1)).toMatchObject({ type: "order.passed", fromStatus: "failed", actorType: "staff" });
    const refused = await caughtAppError(retryOrderNow({ ctx: staff(), orderId: order.id }));
    expect(refused.code).toBe("conflict");
  });

  it("replaces one file's URL and processes again: a broken URL fails, a working one passes", async () => {
    const order = await failedOrder("FIX-2", art("missing.pdf"));
    const item = order.items[0]!;
    const broken = await replaceOrderFile({ ctx: staff(), orderId: order.id, input: { itemId: item.id, fileIndex: 1, url: `${files.url}/art/also-missing.pdf` } });
    expect(broken.status).toBe("failed");
    expect(broken.items[0]!.files).toEqual([{ type: "back", url: art("good.pdf") }, { type: "default", url: `${files.url}/art/also-missing.pdf` }]);
    const passed = await replaceOrderFile({ ctx: staff(), orderId: order.id, input: { itemId: item.id, fileIndex: "1", url: art("good.pdf") } });
    expect(passed.status).toBe("passed");
    expect(passed.items[0]!.files[1]).toEqual({ type: "default", url: art("good.pdf") });
    const replaced = passed.events.filter((event) => event.type === "order.updated");
    expect(replaced).toHaveLength(2);
    expect(replaced[1]).toMatchObject({ fromStatus: "failed", toStatus: "created", data: { previousUrl: `${files.url}/art/also-missing.pdf`, url: art("good.pdf") } });
    expect(passed.events.map((event) => event.toStatus)).toEqual(["created", "failed", "created", "failed", "created", "passed"]);
  });

  it("answers bad input with the field that is wrong, and refuses once production started", async () => {
    const order = await failedOrder("FIX-3", art("missing.pdf"));
    const other = await failedOrder("FIX-4", art("missing.pdf"));
    const badUrl = await caughtAppError(replaceOrderFile({ ctx: staff(), orderId: order.id, input: { itemId: order.items[0]!.id, fileIndex: 1, url: "ftp://x/y.pdf" } }));
    expect(badUrl.status).toBe(422);
    expect(badUrl.details.map((detail) => detail.path)).toEqual(["url"]);
    const foreign = await caughtAppError(replaceOrderFile({ ctx: staff(), orderId: order.id, input: { itemId: other.items[0]!.id, fileIndex: 0, url: art("good.pdf") } }));
    expect(foreign.details).toEqual([{ path: "itemId", message: "is not an item of this order" }]);
    const noFile = await caughtAppError(replaceOrderFile({ ctx: staff(), orderId: order.id, input: { itemId: order.items[0]!.id, fileIndex: 5, url: art("good.pdf") } }));
    expect(noFile.details).toEqual([{ path: "fileIndex", message: "is not a file of this item" }]);

    await replaceOrderFile({ ctx: staff(), orderId: order.id, input: { itemId: order.items[0]!.id, fileIndex: 1, url: art("good.pdf") } });
    await changeOrderStatus({ ctx: staff(), orderId: order.id, input: { status: "in_production" } });
    const late = await caughtAppError(replaceOrderFile({ ctx: staff(), orderId: order.id, input: { itemId: order.items[0]!.id, fileIndex: 1, url: art("missing.pdf") } }));
    expect(late.code).toBe("conflict");
    const customerUser = createContext({ type: "connector", connectorId: "con_test", customerId }, { db: runtime.db });
    expect((await caughtAppError(replaceOrderFile({ ctx: customerUser, orderId: other.id, input: { itemId: other.items[0]!.id, fileIndex: 1, url: art("good.pdf") } }))).code).toBe("forbidden");
  });
});

describe("finding an order by any id its customer knows", () => {
  it("every search matches our id, the Gelato UUID, the customer's reference and a SiteFlow sourceOrderId", async () => {
    const gelato = await failedOrder("ERP-REF-7781", art("good.pdf"));
    const siteflow = await failedOrder("SF-SOURCE-99", art("good.pdf"), "siteflow_api");
    const found = async (q: string) => (await listOrders({ ctx: staff(), input: { q } })).data.map((order) => order.id);
    expect(await found(gelato.uid)).toEqual([gelato.id]);
    expect(await found(gelato.uid.toUpperCase())).toEqual([gelato.id]);
    expect(await found(gelato.id)).toEqual([gelato.id]);
    expect(await found("REF-7781")).toEqual([gelato.id]);
    expect(await found("SF-SOURCE-99")).toEqual([siteflow.id]);
    expect(await found("00000000-0000-4000-8000-000000000000")).toEqual([]);
    const customerCtx = createContext({ type: "connector", connectorId: "con_test", customerId }, { db: runtime.db });
    expect((await listOrders({ ctx: customerCtx, input: { q: gelato.uid } })).data.map((order) => order.id)).toEqual([gelato.id]);
    const board = await getProductionBoard({ ctx: staff(), input: { stage: "passed", q: gelato.uid } });
    expect(board.orders.map((order) => order.id)).toEqual([gelato.id]);
    expect((await getProductionBoard({ ctx: staff(), input: { stage: "passed", q: "SF-SOURCE" } })).orders.map((order) => order.id)).toEqual([siteflow.id]);
  });
});

describe("the sample product", () => {
  it("is added once with its print areas, and asking again returns it active", async () => {
    const first = await addSampleProduct({ ctx: staff() });
    expect(first).toMatchObject({ productUid: sampleProduct.productUid, fileTypes: ["default"], active: true, options: { size: "A4" } });
    await updateProduct({ ctx: staff(), productUid: first.productUid, input: { active: false } });
    const again = await addSampleProduct({ ctx: staff() });
    expect(again).toMatchObject({ id: first.id, active: true });
    expect((await listProducts({ ctx: staff(), input: { q: sampleProduct.productUid } })).data).toHaveLength(1);
  });
});
