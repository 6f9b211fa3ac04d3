import { createHmac, randomBytes } from "node:crypto";

// Standard Webhooks signing: HMAC-SHA256 over "{id}.{timestamp}.{body}", keyed with the bytes
// after `whsec_`, sent as "v1,<base64>"; several signatures are separated by spaces.

const secretPrefix = "whsec_";

export function generateSigningSecret(): string {
  return `${secretPrefix}${randomBytes(32).toString("base64")}`;
}

export function isSigningSecret(value: string): boolean {
  return value.startsWith(secretPrefix) && Buffer.from(value.slice(secretPrefix.length), "base64").length >= 24;
}

function signingKey(secret: string): Buffer {
  if (!secret.startsWith(secretPrefix)) throw new Error("A signing secret starts with whsec_");
  return Buffer.from(secret.slice(secretPrefix.length), "base64");
}

export function signature(secret: string, webhookId: string, timestamp: number, body: string): string {
  return `v1,${createHmac("sha256", signingKey(secret)).update(`${webhookId}.${timestamp}.${body}`).digest("base64")}`;
}

/** The `webhook-signature` header: one signature per valid secret, the newest first. */
export function signatureHeader(secrets: readonly string[], webhookId: string, timestamp: number, body: string): string {
  return secrets.map((secret) => signature(secret, webhookId, timestamp, body)).join(" ");
}

export type SignedHeaders = { "webhook-id": string; "webhook-timestamp": string; "webhook-signature": string };

export function signedHeaders(secrets: readonly string[], webhookId: string, body: string, now = new Date()): SignedHeaders {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    "webhook-id": webhookId,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signatureHeader(secrets, webhookId, timestamp, body),
  };
}
