import { describe, expect, it } from "vitest";
import type { OrderView } from "../orders/view";
import { contentTypeOf, defaultBody, httpBody, postbackMail, type PostbackSource } from "./bodies";
import { checkTemplate, renderTemplate } from "./template";
import { createTriggerInput } from "./schemas";

function order(overrides: Partial<OrderView> = {}): OrderView {
  return {
    id: "ord_1",
    uid: "6f1c1f5e-8a4c-4b8e-9d2a-0c8f3b7a1e11",
    customerId: "cus_1",
    channel: "gelato_api",
    connectorId: "con_1",
    storeId: null,
    externalId: "ABC-123",
    orderType: "order",
    status: "shipped",
    statusReason: null,
    currency: "EUR",
    customerReferenceId: null,
    recipientName: "Ada Lovelace",
    priority: "normal",
    tags: [],
    routingRuleKey: null,
    metadata: [],
    createdAt: "2026-03-01T10:00:00.000Z",
    updatedAt: "2026-03-01T12:00:00.000Z",
    statusChangedAt: "2026-03-01T12:00:00.000Z",
    extra: {},
    lookupTrace: [],
    items: [
      { id: "itm_1", position: 0, externalItemId: "line-1", sourceProductKey: "POSTER", productUid: "flat_a3", quantity: 2, files: [], shipmentIndex: 0, status: "shipped", statusReason: null, options: {}, extra: {} },
    ],
    shipments: [
      {
        id: "shp_1",
        shipmentIndex: 0,
        address: { firstName: "Ada", lastName: "Lovelace", addressLine1: "1 St", city: "London", postCode: "N1", country: "GB" },
        returnAddress: null,
        method: "dhl_express",
        sourceMethod: "express",
        carrier: "DHL",
        trackingCode: "TRK-9",
        trackingUrl: "https://track.example/TRK-9",
        shippedAt: "2026-03-01T12:00:00.000Z",
        extra: {},
      },
    ],
    events: [],
    ...overrides,
  };
}

function source(overrides: Partial<OrderView> = {}, toStatus: OrderView["status"] = "shipped"): PostbackSource {
  return {
    event: { id: "evt_1", type: `order.${toStatus}`, fromStatus: "printed", toStatus, message: null, data: {}, createdAt: "2026-03-01T12:00:00.000Z" },
    order: order(overrides),
    customer: { id: "cus_1", name: "Acme", referenceId: "ACME" },
  };
}

describe("postback bodies", () => {
  it("Gelato orders get order_status_updated with the order uid, reference, status and tracking", () => {
    expect(defaultBody(source())).toEqual({
      id: "evt_1",
      event: "order_status_updated",
      eventType: "order.shipped",
      orderId: "6f1c1f5e-8a4c-4b8e-9d2a-0c8f3b7a1e11",
      storeId: null,
      orderReferenceId: "ABC-123",
      fulfillmentStatus: "shipped",
      created: "2026-03-01T12:00:00.000Z",
      items: [
        {
          itemReferenceId: "line-1",
          fulfillmentStatus: "shipped",
          fulfillments: [
            {
              trackingCode: "TRK-9",
              trackingUrl: "https://track.example/TRK-9",
              shipmentMethodName: "DHL",
              shipmentMethodUid: "express",
              fulfillmentCountry: null,
              fulfillmentStateProvince: null,
              fulfillmentFacilityId: null,
            },
          ],
        },
      ],
    });
  });

  it("announces the event's status even when the order has moved on", () => {
    const body = defaultBody(source({ status: "delivered" }, "passed")) as { fulfillmentStatus: string; items: Array<{ fulfillmentStatus: string }> };
    expect(body.fulfillmentStatus).toBe("passed");
    expect(body.items[0]!.fulfillmentStatus).toBe("passed");
  });

  it("SiteFlow orders get Site Flow's shape and status names", () => {
    const body = defaultBody(source({ channel: "siteflow_api" }));
    expect(body).toMatchObject({
      eventId: "evt_1",
      eventType: "order.shipped",
      timestamp: "2026-03-01T12:00:00.000Z",
      sourceOrderId: "ABC-123",
      orderId: "ord_1",
      status: "shipped",
      shipment: { shipmentIndex: 0, trackingNumber: "TRK-9", trackingUrl: "https://track.example/TRK-9", carrier: { code: "DHL", service: "dhl_express", alias: "express" } },
      items: [{ sourceItemId: "line-1", quantity: 2 }],
    });
    expect((defaultBody(source({ channel: "siteflow_api", status: "passed" }, "passed")) as { status: string }).status).toBe("printready");
    expect((defaultBody(source({ channel: "siteflow_api", status: "canceled" }, "canceled")) as { status: string }).status).toBe("cancelled");
  });

  it("shop orders get Inkbridge's own JSON with the event type, id and time", () => {
    const body = defaultBody(source({ channel: "shopify" })) as { id: string; type: string; data: { order: { referenceId: string }; shipments: Array<{ trackingCode: string }> } };
    expect(body.id).toBe("evt_1");
    expect(body.type).toBe("order.shipped");
    expect(body.data.order.referenceId).toBe("ABC-123");
    expect(body.data.shipments[0]!.trackingCode).toBe("TRK-9");
    expect(JSON.stringify(body)).not.toContain("1 St");
  });

  it("renders a template with text and JSON placeholders", () => {
    const body = httpBody(source(), '{"ref": {{json order.referenceId}}, "status": "{{event.toStatus}}", "tracking": {{json shipment.trackingCode}}, "customer": "{{customer.referenceId}}", "all": {{json body}} }');
    const parsed = JSON.parse(body);
    expect(parsed).toMatchObject({ ref: "ABC-123", status: "shipped", tracking: "TRK-9", customer: "ACME" });
    expect(parsed.all.event).toBe("order_status_updated");
    expect(contentTypeOf(body)).toBe("application/json");
    expect(contentTypeOf(renderTemplate("Order {{order.referenceId}} is {{event.toStatus}}", { order: { referenceId: "X" }, event: { toStatus: "shipped" } }))).toMatch(/^text\/plain/);
    expect(renderTemplate("{{json order.missing}}|{{order.missing}}", { order: {} })).toBe("null|");
    expect(renderTemplate('{{json x}}', { x: 'a"b' })).toBe('"a\\"b"');
  });

  it("checks templates for bad placeholders and unknown names", () => {
    expect(checkTemplate('{"a": {{json order.referenceId}}}')).toEqual([]);
    expect(checkTemplate("{{ secrets.key }}")[0]!.message).toContain("unknown name secrets");
    expect(checkTemplate("{{#each items}}")[0]!.message).toContain("not a placeholder");
    expect(checkTemplate("{{order.id")[0]!.message).toContain("not closed");
  });

  it("email postbacks read as a mail: subject, status sentence and a tracking link", () => {
    const mail = postbackMail(source(), { template: null, partnerName: "PrintCo", triggerName: "Ops" });
    expect(mail.subject).toBe("Order ABC-123 shipped");
    expect(mail.content.paragraphs[0]).toBe("Order ABC-123 for Ada Lovelace shipped.");
    expect(mail.content.paragraphs).toContain("Tracking number: TRK-9 (DHL).");
    expect(mail.content.action).toEqual({ label: "Track the parcel", url: "https://track.example/TRK-9" });
    expect(postbackMail(source({ status: "in_production" }, "in_production"), { template: null, partnerName: "P", triggerName: null }).subject).toBe("Order ABC-123 in production");
    const templated = postbackMail(source(), { template: "Hi!\n\nYour order {{order.referenceId}} is on its way.", partnerName: "P", triggerName: null });
    expect(templated.content.paragraphs).toEqual(["Hi!", "Your order ABC-123 is on its way."]);
  });
});

describe("trigger input", () => {
  const paths = (input: unknown) => {
    const result = createTriggerInput.safeParse(input);
    return result.success ? [] : result.error.issues.map((issue) => issue.path.join("."));
  };

  it("takes a URL trigger or an email trigger", () => {
    expect(paths({ events: ["order.shipped"], url: "https://erp.example/hook", method: "PUT", headers: { Authorization: "Bearer x" } })).toEqual([]);
    expect(paths({ events: ["order.shipped", "order.canceled"], email: "ops@example.com" })).toEqual([]);
    expect(createTriggerInput.parse({ events: ["order.shipped", "order.shipped"], email: "a@b.co" }).events).toEqual(["order.shipped"]);
  });

  it.each([
    [{ events: [], url: "https://x.example" }, "events"],
    [{ events: ["order.created"], url: "https://x.example" }, "events.0"],
    [{ events: ["order.shipped"] }, "url"],
    [{ events: ["order.shipped"], url: "ftp://x.example" }, "url"],
    [{ events: ["order.shipped"], url: "https://user:pw@x.example" }, "url"],
    [{ events: ["order.shipped"], url: "https://x.example", email: "a@b.co" }, "email"],
    [{ events: ["order.shipped"], email: "not-an-email" }, "email"],
    [{ events: ["order.shipped"], email: "a@b.co", method: "PUT" }, "method"],
    [{ events: ["order.shipped"], url: "https://x.example", method: "GET" }, "method"],
    [{ events: ["order.shipped"], url: "https://x.example", headers: { "webhook-id": "x" } }, "headers.webhook-id"],
    [{ events: ["order.shipped"], url: "https://x.example", headers: { "bad name": "x" } }, "headers.bad name"],
    [{ events: ["order.shipped"], url: "https://x.example", headers: { "X-A": "a\r\nb" } }, "headers.X-A"],
    [{ events: ["order.shipped"], url: "https://x.example", template: "{{nope}}" }, "template"],
  ])("refuses %j at %s", (input, path) => {
    expect(paths(input)).toContain(path);
  });
});

describe("trigger input of the wrong shape", () => {
  it.each([
    [{ events: ["order.shipped"], url: "not a url" }, "url"],
    [{ events: ["order.shipped"], url: 12 }, "url"],
    [{ events: ["order.shipped"], url: "https://x.example", template: 5 }, "template"],
    [{ events: ["order.shipped"], url: "https://x.example", headers: "x" }, "headers"],
  ])("reports %j at %s instead of throwing", (input, path) => {
    const result = createTriggerInput.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join("."))).toContain(path);
  });
});
