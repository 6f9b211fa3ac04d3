import { describe, expect, it } from "vitest";
import { orderStatuses } from "@/db/schema/enums";
import { AppError } from "@/lib/errors";
import { siteflowStatus } from "./to-response";
import { toSiteflowError } from "./errors";

describe("siteflowStatus", () => {
  it("shows every pipeline status as one of Site Flow's", () => {
    expect(Object.fromEntries(orderStatuses.map((status) => [status, siteflowStatus(status)]))).toEqual({
      draft: "pending",
      created: "dataready",
      passed: "printready",
      not_connected: "pending",
      failed: "error",
      on_hold: "pending",
      in_production: "printready",
      printed: "complete",
      shipped: "shipped",
      in_transit: "shipped",
      delivered: "shipped",
      returned: "shipped",
      canceled: "cancelled",
    });
  });
});

describe("toSiteflowError", () => {
  it.each([
    ["payload_too_large", 413, "PayloadTooLarge"],
    ["unsupported_media_type", 415, "UnsupportedMediaType"],
    ["rate_limited", 429, "TooManyRequests"],
    ["unavailable", 503, "ServiceUnavailable"],
    ["internal", 500, "InternalServerError"],
    ["unauthorized", 401, "Unauthorized"],
    ["not_found", 404, "NotFound"],
    ["conflict", 409, "Conflict"],
  ] as const)("%s → %i %s in Site Flow's wrapper", (code, status, name) => {
    expect(toSiteflowError(new AppError(code, "Something"))).toEqual({ status, body: { success: false, error: { name, code: status, message: "Something" } } });
  });

  it("turns validation failures, duplicates and late updates into 400 with code 208", () => {
    const validation = toSiteflowError(new AppError("validation_failed", "Bad", { details: [{ path: "items[0].productUid", message: "unknown" }] }));
    expect(validation).toEqual({
      status: 400,
      body: { success: false, error: { name: "ValidationError", code: 208, message: "Bad", validations: [{ path: "orderData.items[0].sku", message: "unknown" }] } },
    });
    expect(toSiteflowError(new AppError("conflict", "dup", { reason: "duplicate_order_reference" })).body.error.validations).toEqual([
      { path: "orderData.sourceOrderId", message: "an order with this sourceOrderId already exists with different content" },
    ]);
    expect(toSiteflowError(new AppError("conflict", "in production", { reason: "order_not_updatable" }))).toMatchObject({ status: 400, body: { error: { code: 208 } } });
  });
});
