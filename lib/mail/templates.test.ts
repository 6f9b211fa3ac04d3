import { describe, expect, it, beforeAll } from "vitest";
import { parseEnv, setEnv } from "@/lib/env";
import { renderHtml, renderText } from "./layout";
import { storefrontInvitationMail } from "./templates";

beforeAll(() => {
  setEnv(
    parseEnv({
      DATA_DIR: "/nonexistent-inkbridge-test",
      APP_URL: "https://print.example",
      PARTNER_NAME: "Northprint",
      ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
      AUTH_SECRET: "x".repeat(40),
    }),
  );
});

const base = { to: "ada@acme.example", firstName: "Ada", customerName: "Acme Posters", url: "https://print.example/invite/abc", expiresAt: new Date(Date.now() + 72 * 3_600_000) };

describe("storefront invitation mail", () => {
  it("names the partner, greets by first name, gives the sign-in address and the one-time link", () => {
    const mail = storefrontInvitationMail({ ...base, role: "admin" });
    const text = renderText(mail.content);
    expect(mail.subject).toBe("Northprint invited you to its storefront portal");
    expect(text).toMatch(/^Hi Ada,/);
    expect(text).toContain("https://print.example/sign-in");
    expect(text).toContain("user name is ada@acme.example");
    expect(text).toContain("https://print.example/invite/abc");
    expect(text).toContain("expires in 3 days");
    expect(text).toContain("Connect your Shopify shop under Stores");
    expect(renderHtml(mail.content, "Northprint")).toContain('href="https://print.example/invite/abc"');
  });

  it("says who invited a colleague, and leaves the admin's getting-started steps out for members", () => {
    const text = renderText(storefrontInvitationMail({ ...base, role: "member", invitedBy: "Ada Lovelace", firstName: "Bob" }).content);
    expect(text).toMatch(/^Hi Bob,/);
    expect(text).toContain("Ada Lovelace has invited you to the storefront portal of Acme Posters at Northprint");
    expect(text).not.toContain("Getting started");
    expect(storefrontInvitationMail({ ...base, role: "member", invitedBy: "Ada Lovelace" }).subject).toBe("Ada Lovelace invited you to the Northprint storefront portal");
    expect(text).toContain("ask Ada Lovelace for a new one");
  });

  it("tells a returning user that access is back and the password may stay", () => {
    const mail = storefrontInvitationMail({ ...base, role: "admin", returning: true });
    expect(mail.subject).toBe("Your Northprint storefront portal is open again");
    expect(renderText(mail.content)).toContain("switched storefront access for Acme Posters back on");
  });
});
