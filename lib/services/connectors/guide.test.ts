import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { createHmac } from "node:crypto";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { buildSnippet, customerReferencePlaceholder, describeEndpoints, secretPlaceholder, type SnippetSetup } from "./guide";

const run = promisify(execFile);

type Received = { method: string; url: string; headers: IncomingHttpHeaders; body: string };

let server: Server;
let base = "";
const received: Received[] = [];
const dir = mkdtempSync(path.join(os.tmpdir(), "inkbridge-guide-"));

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      received.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body });
      response.writeHead(201, { "content-type": "application/json" }).end('{"success":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function setup(type: "gelato" | "siteflow", overrides: Partial<SnippetSetup> = {}): SnippetSetup {
  const endpoints: Record<string, string> =
    type === "gelato" ? { baseUrl: `${base}/api/gelato`, createOrder: `${base}/api/gelato/v4/orders` } : { baseUrl: `${base}/api/siteflow`, submitOrder: `${base}/api/siteflow/order` };
  return {
    type,
    apiKey: "ik_testkey",
    endpoints,
    shared: false,
    siteflowAccount: "acme-print",
    sample: { productUid: "poster-a3", fileType: "front" },
    shippingMethod: null,
    artworkUrl: "https://print.example.com/samples/inkbridge-sample-poster.pdf",
    ...overrides,
  };
}

describe("connector example snippets", () => {
  it("the Gelato curl example sends X-API-KEY key:secret and a complete order", async () => {
    received.length = 0;
    const snippet = buildSnippet(setup("gelato", { shippingMethod: "express" }), "s3cr'et");
    expect(snippet.language).toBe("bash");
    await run("bash", ["-c", snippet.code]);
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.method).toBe("POST");
    expect(request!.url).toBe("/api/gelato/v4/orders");
    expect(request!.headers["x-api-key"]).toBe("ik_testkey:s3cr'et");
    expect(request!.headers["customer-reference-id"]).toBeUndefined();
    const order = JSON.parse(request!.body);
    expect(order).toMatchObject({
      orderReferenceId: expect.any(String),
      currency: "EUR",
      shipmentMethodUid: "express",
      items: [{ productUid: "poster-a3", quantity: 1, files: [{ type: "front", url: "https://print.example.com/samples/inkbridge-sample-poster.pdf" }] }],
      shippingAddress: { firstName: expect.any(String), lastName: expect.any(String), addressLine1: expect.any(String), city: expect.any(String), country: "GB" },
    });
  });

  it("the shared Gelato example names the customer with Customer-Reference-ID", async () => {
    received.length = 0;
    await run("bash", ["-c", buildSnippet(setup("gelato", { shared: true }), "secret").code]);
    expect(received[0]!.headers["customer-reference-id"]).toBe(customerReferencePlaceholder);
    expect(JSON.parse(received[0]!.body).shipmentMethodUid).toBeUndefined();
  });

  it("the SiteFlow Node example signs METHOD path date with HMAC-SHA256 as HP's SDK does", async () => {
    received.length = 0;
    const secret = "a-secret-with-\"quotes\"";
    const snippet = buildSnippet(setup("siteflow", { shared: true }), secret);
    expect(snippet.language).toBe("javascript");
    const file = path.join(dir, "submit-order.mjs");
    writeFileSync(file, snippet.code);
    const { stdout } = await run(process.execPath, [file]);
    expect(stdout).toContain("201");
    const [request] = received;
    expect(request!.url).toBe("/api/siteflow/order");
    const date = String(request!.headers["x-oneflow-date"]);
    expect(Math.abs(Date.parse(date) - Date.now())).toBeLessThan(60_000);
    expect(request!.headers["x-oneflow-algorithm"]).toBe("SHA256");
    const expected = createHmac("sha256", secret).update(`POST /api/siteflow/order ${date}`).digest("hex");
    expect(request!.headers["x-oneflow-authorization"]).toBe(`ik_testkey:${expected}`);
    expect(request!.headers["customer-reference-id"]).toBe(customerReferencePlaceholder);
    const order = JSON.parse(request!.body);
    expect(order).toMatchObject({
      destination: { name: "acme-print" },
      orderData: {
        sourceOrderId: expect.any(String),
        items: [{ sku: "poster-a3", quantity: 1, components: [{ code: "front", path: "https://print.example.com/samples/inkbridge-sample-poster.pdf", fetch: true }] }],
        shipments: [{ shipTo: { isoCountry: "GB" }, carrier: { alias: "standard" } }],
      },
    });
  });

  it("without a secret the examples carry a placeholder, never a real value", () => {
    expect(buildSnippet(setup("gelato")).code).toContain(`X-API-KEY: ik_testkey:${secretPlaceholder}`);
    expect(buildSnippet(setup("siteflow")).code).toContain(`const secret = "${secretPlaceholder}"`);
    expect(buildSnippet(setup("gelato", { sample: null })).code).toContain("YOUR_PRODUCT_UID");
  });

  it("describes every endpoint with a label and method", () => {
    const entries = describeEndpoints("siteflow", { baseUrl: "http://x/api/siteflow", submitOrder: "http://x/api/siteflow/order", extra: "http://x/other" });
    expect(entries).toEqual([
      { key: "baseUrl", label: "Base URL", method: null, url: "http://x/api/siteflow" },
      { key: "submitOrder", label: "Submit order", method: "POST", url: "http://x/api/siteflow/order" },
      { key: "extra", label: "extra", method: null, url: "http://x/other" },
    ]);
  });
});
