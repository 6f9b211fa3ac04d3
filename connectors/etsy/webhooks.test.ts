import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readWebhookEnvelope, verifyWebhook, WEBHOOK_TOLERANCE_SECONDS } from "./webhooks";

const secret = `whsec_${Buffer.alloc(32, 5).toString("base64")}`;
const body = Buffer.from(JSON.stringify({ event_type: "order.paid", resource_url: "https://openapi.etsy.com/v3/application/shops/42/receipts/54321", shop_id: 42 }));

function sign(id: string, timestamp: number, raw: Buffer, key = secret): string {
  return createHmac("sha256", Buffer.from(key.slice("whsec_".length), "base64")).update(`${id}.${timestamp}.${raw.toString("utf8")}`).digest("base64");
}

function headers(timestamp = Math.floor(Date.now() / 1000), signature?: string): Record<string, string> {
  return { "webhook-id": "msg_1", "webhook-timestamp": String(timestamp), "webhook-signature": signature ?? `v1,${sign("msg_1", timestamp, body)}` };
}

describe("Etsy webhooks (Standard Webhooks)", () => {
  it("verifies a genuine order.paid and names the shop and receipt from the body", () => {
    expect(verifyWebhook(headers(), body, secret)).toEqual({ deliveryId: "msg_1", topic: "order.paid", identity: "42", externalOrderId: "54321", body: JSON.parse(body.toString("utf8")) });
  });

  it("accepts a secret without the whsec_ prefix and any matching signature of a space-separated list", () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const list = `v1,${sign("msg_1", timestamp, body, `whsec_${Buffer.alloc(32, 6).toString("base64")}`)} v1,${sign("msg_1", timestamp, body)}`;
    expect(verifyWebhook(headers(timestamp, list), body, secret.slice("whsec_".length))).not.toBeNull();
  });

  it("refuses a timestamp outside the tolerance, even when signed", () => {
    const old = Math.floor(Date.now() / 1000) - WEBHOOK_TOLERANCE_SECONDS - 5;
    expect(verifyWebhook(headers(old), body, secret)).toBeNull();
    const future = Math.floor(Date.now() / 1000) + WEBHOOK_TOLERANCE_SECONDS + 5;
    expect(verifyWebhook(headers(future), body, secret)).toBeNull();
  });

  it("refuses another version tag and a signature made for another webhook-id", () => {
    const timestamp = Math.floor(Date.now() / 1000);
    expect(verifyWebhook(headers(timestamp, `v1a,${sign("msg_1", timestamp, body)}`), body, secret)).toBeNull();
    expect(verifyWebhook(headers(timestamp, `v1,${sign("msg_2", timestamp, body)}`), body, secret)).toBeNull();
  });

  it("reads the envelope from headers and body: a body that is not an Etsy event, or none, is a 400", () => {
    expect(readWebhookEnvelope(headers(), body)).toEqual({ ok: true, deliveryId: "msg_1", topic: "order.paid", identity: "42" });
    expect(readWebhookEnvelope(headers(), Buffer.from("{}"))).toMatchObject({ ok: false, status: 400 });
    expect(readWebhookEnvelope(headers(), Buffer.from("not json"))).toMatchObject({ ok: false, status: 400 });
    expect(readWebhookEnvelope(headers())).toMatchObject({ ok: false, status: 400 });
  });
});
