import { describe, expect, it } from "vitest";
import { hasPageSizedQuery, isSafeUrl, maxPageQueryValue } from "./url-guard";

describe("URL guard", () => {
  it("refuses control characters and bytes that are not UTF-8 in paths and queries", () => {
    expect(isSafeUrl("/orders/ord_1?q=Zürich%20%E2%9C%93")).toBe(true);
    for (const url of ["/api/webhooks/shopify", "/orders?status=created&limit=20&q=a+b", "/x?y=%41"]) expect(isSafeUrl(url), url).toBe(true);
    for (const url of ["/orders/a\u0000b", "/orders/a\u007fb", "/orders?q=a\tb"]) expect(isSafeUrl(url), JSON.stringify(url)).toBe(false);
    for (const url of ["/orders/a%00b", "/orders/%C3%28", "/orders?q=%FF", "/portal/products/%E2%80", "/x?%01=1"]) expect(isSafeUrl(url), url).toBe(false);
  });

  it("takes console and portal query values up to 200 characters, and a callbackUrl up to 2,000", () => {
    expect(hasPageSizedQuery("/catalog")).toBe(true);
    expect(hasPageSizedQuery(`/catalog?q=${"x".repeat(maxPageQueryValue)}&offset=25`)).toBe(true);
    expect(hasPageSizedQuery(`/catalog?offset=25&q=${"x".repeat(maxPageQueryValue + 1)}`)).toBe(false);
    expect(hasPageSizedQuery(`/catalog?q=${"%C3%BC".repeat(maxPageQueryValue)}`)).toBe(true);
    expect(hasPageSizedQuery(`/sign-in?callbackUrl=${encodeURIComponent(`/orders?q=${"x".repeat(1500)}`)}`)).toBe(true);
    expect(hasPageSizedQuery(`/sign-in?callbackUrl=${"x".repeat(2001)}`)).toBe(false);
  });
});
