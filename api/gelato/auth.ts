import type { FastifyRequest } from "fastify";
import { AppError } from "@/lib/errors";
import { safeEqual, sha256Hex } from "@/lib/crypto";
import { getDb } from "@/lib/runtime";
import { findConnectorCredentials, resolveConnectorCustomer, touchConnector } from "@/lib/services/connectors";

// Compared against when the key is unknown, so both paths cost the same.
const unknownKeyHash = sha256Hex("no connector has this key");

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === "string" ? value.trim() : undefined;
}

/**
 * onRequest hook of the Gelato dialect: `X-API-KEY: <apiKey>:<secret>` of a Gelato connector.
 * A connector shared by all customers names the customer with `Customer-Reference-ID`.
 */
export async function authenticateGelato(request: FastifyRequest): Promise<void> {
  const header = headerValue(request, "x-api-key") ?? "";
  const colon = header.indexOf(":");
  const apiKey = colon >= 0 ? header.slice(0, colon) : header;
  const secret = colon >= 0 ? header.slice(colon + 1) : "";
  const db = getDb();
  const credentials = apiKey ? await findConnectorCredentials(db, apiKey) : null;
  const secretMatches = safeEqual(sha256Hex(secret), credentials?.secretHash ?? unknownKeyHash);

  const failure = !header
    ? "missing_key"
    : !credentials
      ? "unknown_key"
      : credentials.type !== "gelato"
        ? "not_a_gelato_connector"
        : !secret || !secretMatches
          ? "wrong_secret"
          : undefined;
  if (failure || !credentials) {
    request.log.warn({ reason: failure, connectorId: credentials?.id, ip: request.ip }, "Gelato API authentication failed");
    throw new AppError("unauthorized", "Access denied. Token is invalid.");
  }

  const customerId = await resolveConnectorCustomer(db, credentials, headerValue(request, "customer-reference-id"));
  request.actor = { type: "connector", connectorId: credentials.id, customerId };
  touchConnector(db, request.log, credentials.id);
}
