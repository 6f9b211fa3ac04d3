// What the console shows with a connector: its endpoints and a ready-to-run example. Pure, so
// the browser can fill in a secret it holds only right after creating or rotating.

export type SnippetSetup = {
  type: "gelato" | "siteflow";
  apiKey: string;
  endpoints: Record<string, string>;
  /** Shared connectors: requests name their customer with Customer-Reference-ID. */
  shared: boolean;
  /** The account SiteFlow orders must name in `destination.name`. */
  siteflowAccount: string;
  /** A product from the catalog (and one of its print areas), so the example order resolves. */
  sample: { productUid: string; fileType: string } | null;
  /** A shipping method the partner offers, when it lists any. */
  shippingMethod: string | null;
  /** A print file the artwork check accepts: Inkbridge's own sample file. */
  artworkUrl: string;
};

export type Snippet = { title: string; language: "bash" | "javascript"; code: string };

export const secretPlaceholder = "YOUR_SECRET";
export const customerReferencePlaceholder = "CUSTOMER_REFERENCE_ID";
export const productPlaceholder = "YOUR_PRODUCT_UID";

export type EndpointEntry = { key: string; label: string; method: string | null; url: string };

const endpointLabels: Record<SnippetSetup["type"], Record<string, [label: string, method: string | null]>> = {
  gelato: {
    baseUrl: ["Base URL", null],
    createOrder: ["Create order", "POST"],
    getOrder: ["Get order", "GET"],
    searchOrders: ["Search orders", "POST"],
    cancelOrder: ["Cancel order", "POST"],
    updateShipment: ["Update shipment", "PUT"],
    updateDraft: ["Draft to order", "PATCH"],
    deleteDraft: ["Delete draft", "DELETE"],
  },
  siteflow: {
    baseUrl: ["Base URL", null],
    submitOrder: ["Submit order", "POST"],
    validateOrder: ["Validate order", "POST"],
    submitByRoutingRule: ["Submit by routing rule", "POST"],
    getOrder: ["Get order", "GET"],
    listOrders: ["List orders", "GET"],
    updateOrder: ["Update order", "PUT"],
    cancelOrder: ["Cancel order", "PUT"],
    cancelBySourceOrderId: ["Cancel by source order id", "PUT"],
  },
};

/** The connector's endpoints in a stable order, each with a label and its HTTP method. */
export function describeEndpoints(type: SnippetSetup["type"], endpoints: Record<string, string>): EndpointEntry[] {
  return Object.entries(endpoints).map(([key, url]) => {
    const [label, method] = endpointLabels[type][key] ?? [key, null];
    return { key, label, method, url };
  });
}

export function buildSnippet(setup: SnippetSetup, secret?: string): Snippet {
  switch (setup.type) {
    case "gelato":
      return gelatoCurl(setup, secret ?? secretPlaceholder);
    case "siteflow":
      return siteflowNode(setup, secret ?? secretPlaceholder);
  }
}

function gelatoOrder(setup: SnippetSetup) {
  return {
    orderReferenceId: "test-order-1",
    currency: "EUR",
    ...(setup.shippingMethod ? { shipmentMethodUid: setup.shippingMethod } : {}),
    items: [
      {
        itemReferenceId: "test-item-1",
        productUid: setup.sample?.productUid ?? productPlaceholder,
        quantity: 1,
        files: [{ type: setup.sample?.fileType ?? "default", url: setup.artworkUrl }],
      },
    ],
    shippingAddress: {
      firstName: "Ada",
      lastName: "Lovelace",
      addressLine1: "1 Example Street",
      city: "London",
      postCode: "SW1A 1AA",
      country: "GB",
      email: "ada@example.com",
    },
  };
}

function siteflowOrder(setup: SnippetSetup) {
  return {
    destination: { name: setup.siteflowAccount },
    orderData: {
      sourceOrderId: "test-order-1",
      items: [
        {
          sourceItemId: "test-item-1",
          sku: setup.sample?.productUid ?? productPlaceholder,
          quantity: 1,
          components: [{ code: setup.sample?.fileType ?? "default", path: setup.artworkUrl, fetch: true }],
        },
      ],
      shipments: [
        {
          shipTo: { name: "Ada Lovelace", address1: "1 Example Street", town: "London", postcode: "SW1A 1AA", isoCountry: "GB", email: "ada@example.com" },
          carrier: { alias: setup.shippingMethod ?? "standard" },
        },
      ],
    },
  };
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function gelatoCurl(setup: SnippetSetup, secret: string): Snippet {
  const headers = [
    "Content-Type: application/json",
    `X-API-KEY: ${setup.apiKey}:${secret}`,
    ...(setup.shared ? [`Customer-Reference-ID: ${customerReferencePlaceholder}`] : []),
  ];
  const lines = [
    `curl -sS -X POST ${shellQuote(setup.endpoints.createOrder ?? "")} \\`,
    ...headers.map((header) => `  -H ${shellQuote(header)} \\`),
    "  --data-binary @- <<'JSON'",
    JSON.stringify(gelatoOrder(setup), null, 2),
    "JSON",
  ];
  return { title: "Create an order with curl", language: "bash", code: `${lines.join("\n")}\n` };
}

function siteflowNode(setup: SnippetSetup, secret: string): Snippet {
  const order = JSON.stringify(siteflowOrder(setup), null, 2);
  const code = `// Node 18 or later: save as submit-order.mjs and run \`node submit-order.mjs\`.
import { createHmac } from "node:crypto";

const apiKey = ${JSON.stringify(setup.apiKey)};
const secret = ${JSON.stringify(secret)};
const url = ${JSON.stringify(setup.endpoints.submitOrder ?? "")};

const order = ${order};

// Signed like HP's Site Flow SDK: HMAC of "<METHOD> <path> <date>" with the secret.
const method = "POST";
const path = decodeURIComponent(new URL(url).pathname);
const date = new Date().toISOString();
const signature = createHmac("sha256", secret).update(\`\${method} \${path} \${date}\`).digest("hex");

const response = await fetch(url, {
  method,
  headers: {
    "content-type": "application/json",
    "x-oneflow-authorization": \`\${apiKey}:\${signature}\`,
    "x-oneflow-date": date,
    "x-oneflow-algorithm": "SHA256",${setup.shared ? `\n    "customer-reference-id": ${JSON.stringify(customerReferencePlaceholder)},` : ""}
  },
  body: JSON.stringify(order),
});
console.log(response.status, await response.text());
`;
  return { title: "Submit an order with Node.js", language: "javascript", code };
}
