import { describe, expect, it, beforeAll } from "vitest";
import { useTestRuntime } from "@/tests/support/runtime";
import { createTestCustomer, staffContext } from "@/db/factories";
import { caughtAppError as caught } from "@/tests/support/app-error";
import { createProduct, createShippingMethod } from "@/lib/services/catalog";
import {
  createConnector,
  createSharedConnector,
  findConnectorCredentials,
  getConnector,
  getSnippetSetup,
  listConnectors,
  revokeConnector,
  rotateConnectorSecret,
  updateConnector,
} from "./index";

const runtime = useTestRuntime({ env: { SITEFLOW_ACCOUNT: "acme-print", APP_URL: "https://print.example.com" } });

describe("connectors seen from one customer's page", () => {
  const ctx = () => staffContext(runtime.db, "operator");
  let customerId: string;
  let otherCustomerId: string;

  beforeAll(async () => {
    customerId = (await createTestCustomer(runtime.db, { name: "Acme" })).id;
    otherCustomerId = (await createTestCustomer(runtime.db, { name: "Other" })).id;
  });

  it("another customer's connector, or a shared one, is a 404 when scoped to a customer", async () => {
    const own = await createConnector({ ctx: ctx(), customerId, input: { type: "gelato", name: "ERP" } });
    const shared = await createSharedConnector({ ctx: ctx(), input: { type: "gelato", name: "Integrator", allCustomers: true } });
    expect((await getConnector({ ctx: ctx(), connectorId: own.id, customerId })).name).toBe("ERP");
    expect((await caught(getConnector({ ctx: ctx(), connectorId: own.id, customerId: otherCustomerId }))).code).toBe("not_found");
    expect((await caught(getConnector({ ctx: ctx(), connectorId: shared.id, customerId }))).code).toBe("not_found");
    expect((await caught(getConnector({ ctx: ctx(), connectorId: own.id, customerId: null }))).code).toBe("not_found");
    expect((await getConnector({ ctx: ctx(), connectorId: shared.id, customerId: null })).customerId).toBeNull();
    expect((await caught(rotateConnectorSecret({ ctx: ctx(), connectorId: own.id, customerId: otherCustomerId }))).code).toBe("not_found");
    expect((await caught(revokeConnector({ ctx: ctx(), connectorId: own.id, customerId: otherCustomerId }))).code).toBe("not_found");
    expect((await caught(updateConnector({ ctx: ctx(), connectorId: own.id, customerId: otherCustomerId, input: { name: "x" } }))).code).toBe("not_found");
    expect((await getConnector({ ctx: ctx(), connectorId: own.id })).revokedAt).toBeNull();
  });

  it("rotating gives a new secret and the old one stops working; revoking stops the key", async () => {
    const created = await createConnector({ ctx: ctx(), customerId, input: { type: "siteflow", name: "MIS" } });
    expect((await findConnectorCredentials(runtime.db, created.apiKey))?.secret).toBe(created.secret);
    const { secret } = await rotateConnectorSecret({ ctx: ctx(), connectorId: created.id, customerId });
    expect(secret).not.toBe(created.secret);
    expect((await findConnectorCredentials(runtime.db, created.apiKey))?.secret).toBe(secret);
    await revokeConnector({ ctx: ctx(), connectorId: created.id, customerId });
    expect(await findConnectorCredentials(runtime.db, created.apiKey)).toBeNull();
    expect((await caught(rotateConnectorSecret({ ctx: ctx(), connectorId: created.id, customerId }))).code).toBe("conflict");
    expect((await caught(updateConnector({ ctx: ctx(), connectorId: created.id, customerId, input: { name: "Renamed" } }))).code).toBe("conflict");
    const listed = await listConnectors({ ctx: ctx(), customerId });
    expect(listed.find((connector) => connector.id === created.id)?.revokedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  it("saves SiteFlow routing rules and refuses duplicate keys with the field path", async () => {
    const created = await createConnector({ ctx: ctx(), customerId, input: { type: "siteflow", name: "Routing" } });
    const rules = [
      { key: "rush", name: "Rush jobs", tags: ["rush", "priority"], priority: "rush" as const, hold: false },
      { key: "proof", name: "Hold for proof", tags: [], priority: "normal" as const, hold: true },
    ];
    const updated = await updateConnector({ ctx: ctx(), connectorId: created.id, customerId, input: { routingRules: rules } });
    expect(updated.routingRules).toEqual(rules);
    expect((await findConnectorCredentials(runtime.db, created.apiKey))?.routingRules).toEqual(rules);
    const duplicate = await caught(updateConnector({ ctx: ctx(), connectorId: created.id, input: { routingRules: [rules[0]!, { ...rules[1]!, key: "rush" }] } }));
    expect(duplicate.code).toBe("validation_failed");
    expect(duplicate.details.map((detail) => detail.path)).toEqual(["routingRules"]);
    const badKey = await caught(updateConnector({ ctx: ctx(), connectorId: created.id, input: { routingRules: [{ key: "no spaces", name: "x" }] } }));
    expect(badKey.details.map((detail) => detail.path)).toEqual(["routingRules[0].key"]);
  });
});

describe("connector setup guide", () => {
  const ctx = () => staffContext(runtime.db, "operator");

  it("uses APP_URL, SITEFLOW_ACCOUNT, an active product with its first print area and an offered shipping method", async () => {
    const customerId = (await createTestCustomer(runtime.db, { name: "Guide" })).id;
    const connector = await createConnector({ ctx: ctx(), customerId, input: { type: "siteflow", name: "Guide" } });
    const empty = await getSnippetSetup({ ctx: ctx(), connector });
    expect(empty).toMatchObject({ type: "siteflow", apiKey: connector.apiKey, shared: false, siteflowAccount: "acme-print", sample: null, shippingMethod: null, artworkUrl: "https://print.example.com/samples/inkbridge-sample-poster.pdf" });
    expect(empty.endpoints.submitOrder).toBe("https://print.example.com/api/siteflow/order");

    await createProduct({ ctx: ctx(), input: { productUid: "old-card", title: "Old", active: false } });
    await createProduct({ ctx: ctx(), input: { productUid: "tee", title: "Tee", fileTypes: ["front", "back"] } });
    await createShippingMethod({ ctx: ctx(), input: { uid: "express", name: "Express" } });
    const filled = await getSnippetSetup({ ctx: ctx(), connector: await createSharedConnector({ ctx: ctx(), input: { type: "gelato", name: "All", allCustomers: true } }) });
    expect(filled).toMatchObject({ type: "gelato", shared: true, sample: { productUid: "tee", fileType: "front" }, shippingMethod: "express" });
  });
});
