import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createStaffUser, createTestCustomer, staffContext } from "@/db/factories";
import { mailMessages, storeVariants, stores, users } from "@/db/schema";
import { createId } from "@/lib/ids";
import { createContext, systemContext } from "@/lib/services/context";
import { deliverMail } from "@/lib/mail/send";
import { useTestRuntime } from "@/tests/support/runtime";
import { startSmtpSink } from "@/tests/support/smtp";
import { evaluateStoreAlerts } from "./alerts";
import { countStoresByState, listStoreOverview } from "./overview";
import { getStore } from "./list";

// Store alerts mailed through a real SMTP server, and the overview's one-statement health.

const smtp = await startSmtpSink();
const runtime = useTestRuntime({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}?tls=off`, APP_URL: "http://console.test" } });
afterAll(() => smtp.close());

const ctx = () => systemContext("test", { db: runtime.db });
let customerId: string;
let otherCustomerId: string;
const staffEmails = ["ops1@example.com", "ops2@example.com"];
const adminEmail = "owner@shop.example";

async function insertStore(values: Partial<typeof stores.$inferInsert> & { name: string }, owner = customerId): Promise<string> {
  const id = createId("store");
  await runtime.db.insert(stores).values({ id, customerId: owner, platform: "shopify", identity: `${id}.myshopify.com`, webhooksState: "ok", ...values });
  return id;
}

/** Sends every queued mail over SMTP, the way the mail.send job does. */
async function deliverQueued(): Promise<void> {
  const queued = await runtime.db.select({ id: mailMessages.id }).from(mailMessages).where(eq(mailMessages.status, "queued"));
  for (const mail of queued) await deliverMail(ctx(), mail.id);
}

beforeAll(async () => {
  for (const email of staffEmails) await createStaffUser(runtime.db, { email, role: email === staffEmails[0] ? "admin" : "operator" });
  const disabled = await createStaffUser(runtime.db, { email: "gone@example.com" });
  await runtime.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.user.id));
  customerId = (await createTestCustomer(runtime.db, { name: "Alert Prints" })).id;
  otherCustomerId = (await createTestCustomer(runtime.db, { name: "Zebra Cards" })).id;
  await runtime.db.insert(users).values({ id: createId("user"), kind: "customer", customerId, email: adminEmail, name: "Olive Owner", firstName: "Olive", role: "admin" });
  await runtime.db.insert(users).values({ id: createId("user"), kind: "customer", customerId, email: "member@shop.example", name: "Max Member", role: "member" });
});

describe("store alerts", () => {
  let storeId: string;
  beforeEach(async () => {
    storeId = await insertStore({ name: "Alerted shop" });
  });

  it("mails staff once when a store turns error, however many evaluations race, and once when it recovers", async () => {
    expect(await evaluateStoreAlerts(ctx(), storeId)).toEqual({ staffMails: 0, customerMails: 0 });
    const before = staffEmails.map((email) => smtp.countTo(email));
    const adminBefore = smtp.countTo(adminEmail);

    await runtime.db.update(stores).set({ status: "revoked", statusReason: "Shopify refused the store's credentials: reconnect the store" }).where(eq(stores.id, storeId));
    const results = await Promise.all(Array.from({ length: 5 }, () => evaluateStoreAlerts(ctx(), storeId)));
    expect(results.reduce((sum, sent) => sum + sent.staffMails, 0)).toBe(2);
    expect(results.reduce((sum, sent) => sum + sent.customerMails, 0)).toBe(1);
    await evaluateStoreAlerts(ctx(), storeId);
    await deliverQueued();
    expect(staffEmails.map((email) => smtp.countTo(email) - before[staffEmails.indexOf(email)]!)).toEqual([1, 1]);
    expect(smtp.countTo("gone@example.com")).toBe(0);
    expect(smtp.countTo("member@shop.example")).toBe(0);
    expect(smtp.countTo(adminEmail) - adminBefore).toBe(1);
    const alert = await smtp.waitFor(staffEmails[0]!, { after: before[0] });
    expect(alert.subject).toBe("Store not working: Alerted shop (Alert Prints)");
    expect(alert.text).toContain("refused the store's credentials");
    expect(alert.text).toContain(`http://console.test/customers/${customerId}/stores/${storeId}`);
    const plain = await smtp.waitFor(adminEmail, { after: adminBefore });
    expect(plain.subject).toBe("Please reconnect your shop Alerted shop");
    expect(plain.text).toContain("connect it again");

    await runtime.db.update(stores).set({ status: "connected", statusReason: null }).where(eq(stores.id, storeId));
    await Promise.all([evaluateStoreAlerts(ctx(), storeId), evaluateStoreAlerts(ctx(), storeId)]);
    await evaluateStoreAlerts(ctx(), storeId);
    await deliverQueued();
    expect(staffEmails.map((email) => smtp.countTo(email) - before[staffEmails.indexOf(email)]!)).toEqual([2, 2]);
    expect((await smtp.waitFor(staffEmails[1]!, { after: before[1]! + 1 })).subject).toBe("Store working again: Alerted shop (Alert Prints)");
    expect(smtp.countTo(adminEmail) - adminBefore).toBe(1);
  });

  it("turns error only after syncs have failed for an hour", async () => {
    const now = new Date();
    await runtime.db.update(stores).set({ lastSyncError: "Shopify could not be reached", syncFailingSince: new Date(now.getTime() - 30 * 60_000) }).where(eq(stores.id, storeId));
    expect((await evaluateStoreAlerts(ctx(), storeId, now)).staffMails).toBe(0);
    const later = new Date(now.getTime() + 31 * 60_000);
    expect((await evaluateStoreAlerts(ctx(), storeId, later)).staffMails).toBe(2);
    expect((await evaluateStoreAlerts(ctx(), storeId, later)).staffMails).toBe(0);
    const [row] = await runtime.db.select().from(stores).where(eq(stores.id, storeId));
    expect(row!.alertedState).toBe("error");
  });

  it("tells the customer's admins once about variants only they can link", async () => {
    const adminBefore = smtp.countTo(adminEmail);
    const variant = (n: number) => ({ id: createId("storeVariant"), storeId, externalProductId: "1", externalVariantId: String(n), productTitle: "Mug", sku: `MUG-${n}` });
    await runtime.db.insert(storeVariants).values(variant(1));
    expect(await evaluateStoreAlerts(ctx(), storeId)).toEqual({ staffMails: 0, customerMails: 1 });
    await runtime.db.insert(storeVariants).values(variant(2));
    expect(await evaluateStoreAlerts(ctx(), storeId)).toEqual({ staffMails: 0, customerMails: 0 });
    await deliverQueued();
    expect(smtp.countTo(adminEmail) - adminBefore).toBe(1);
    const mail = await smtp.waitFor(adminEmail, { after: adminBefore });
    expect(mail.subject).toBe("Link your products in Alerted shop");
    expect(mail.text).toContain("1 product variant that we do not know how to print yet");
    expect(mail.text).toContain(`http://console.test/portal/stores/${storeId}/products`);
  });
});

describe("listStoreOverview", () => {
  let ids: Record<string, string>;
  beforeAll(async () => {
    ids = {
      healthy: await insertStore({ name: "A healthy" }),
      warning: await insertStore({ name: "B unlinked", platform: "woocommerce" }),
      revoked: await insertStore({ name: "C revoked", status: "revoked", statusReason: "Shopify refused the store's credentials: reconnect the store" }),
      failing: await insertStore({ name: "D sync failing", lastSyncError: "Shopify could not be reached" }, otherCustomerId),
      gone: await insertStore({ name: "E gone", status: "disconnected" }),
    };
    await runtime.db.insert(storeVariants).values({ id: createId("storeVariant"), storeId: ids.warning!, externalProductId: "9", productTitle: "Card", sku: "CARD" });
  });

  const names = (page: { data: Array<{ name: string }> }) => page.data.map((store) => store.name).filter((name) => /^[A-E] /.test(name));

  it("lists connected stores worst first with the same state and reason as the store page", async () => {
    const page = await listStoreOverview({ ctx: staffContext(runtime.db), input: { limit: 200 } });
    const ours = page.data.filter((store) => Object.values(ids).includes(store.id));
    expect(ours.map((store) => store.name)).toEqual(["C revoked", "D sync failing", "B unlinked", "A healthy"]);
    expect(ours.map((store) => store.health.state)).toEqual(["error", "error", "warning", "ok"]);
    expect(ours[0]!.health.reason).toBe("Shopify refused the store's credentials: reconnect the store");
    expect(ours[1]!.customerName).toBe("Zebra Cards");
    for (const store of ours) expect((await getStore({ ctx: staffContext(runtime.db), storeId: store.id })).health).toEqual(store.health);
    const states = page.data.map((store) => ["ok", "warning", "error"].indexOf(store.health.state));
    expect(states).toEqual([...states].sort((a, b) => b - a));
  });

  it("filters by state, platform, customer and text, and pages with a total", async () => {
    const staff = staffContext(runtime.db);
    const errors = await listStoreOverview({ ctx: staff, input: { state: "error", limit: 200 } });
    expect(errors.data.every((store) => store.health.state === "error")).toBe(true);
    expect(names(errors)).toEqual(["C revoked", "D sync failing"]);
    expect(names(await listStoreOverview({ ctx: staff, input: { platform: "woocommerce" } }))).toEqual(["B unlinked"]);
    expect(names(await listStoreOverview({ ctx: staff, input: { customerId: otherCustomerId } }))).toEqual(["D sync failing"]);
    expect(names(await listStoreOverview({ ctx: staff, input: { q: "zebra" } }))).toEqual(["D sync failing"]);
    const first = await listStoreOverview({ ctx: staff, input: { q: "a healthy", limit: 1 } });
    expect(first.total).toBe(1);
    const all = await listStoreOverview({ ctx: staff, input: { limit: 2, offset: 0 } });
    const second = await listStoreOverview({ ctx: staff, input: { limit: 2, offset: 2 } });
    expect(all.data).toHaveLength(2);
    expect(second.total).toBe(all.total);
    expect(new Set([...all.data, ...second.data].map((store) => store.id)).size).toBe(Math.min(4, all.total));
  });

  it("shows a customer's users only their own stores, and counts stores by state", async () => {
    const customerUser = createContext({ type: "customer_user", userId: "usr_x", customerId: otherCustomerId, email: "x@example.com", name: "X", role: "member" }, { db: runtime.db });
    expect(names(await listStoreOverview({ ctx: customerUser, input: {} }))).toEqual(["D sync failing"]);
    expect(names(await listStoreOverview({ ctx: customerUser, input: { customerId } }))).toEqual([]);
    const counts = await countStoresByState({ ctx: staffContext(runtime.db) });
    const listed = await listStoreOverview({ ctx: staffContext(runtime.db), input: { limit: 200 } });
    for (const state of ["ok", "warning", "error"] as const) expect(counts[state]).toBe(listed.data.filter((store) => store.health.state === state).length);
    expect(await countStoresByState({ ctx: customerUser })).toEqual({ ok: 0, warning: 0, error: 1 });
  });

  it("answers a bad filter with the field's path", async () => {
    await expect(listStoreOverview({ ctx: staffContext(runtime.db), input: { state: "broken" } })).rejects.toMatchObject({ code: "validation_failed" });
  });
});
