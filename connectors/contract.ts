import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShopError, type CredentialsOf, type Platform, type PlatformCall, type ShopConnector, type ShopOrderStatus, type StoreSession } from "./types";

// What every shop connector must do against its platform's fake. A platform's `contract.test.ts` calls
// `runConnectorContract(platform, harness)`; the harness starts the fake and plays the merchant and the
// platform (placing orders, revoking tokens, dropping subscriptions, emptying the rate budget).

export type ContractOrderKind = "paid" | "pending" | "cancelled" | "test";

export type CapturedDelivery = { headers: Record<string, string>; rawBody: Buffer; topic: string; externalOrderId: string | null };

export type ConnectorHarness<P extends Platform> = {
  connector: ShopConnector<P>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A store whose credentials the platform accepts; `saved` collects what the connector saves. */
  session(saved?: CredentialsOf<P>[]): StoreSession<P>;
  /** The same store with credentials the platform refuses. */
  refusedSession(): StoreSession<P>;
  /** The platform forgets the session's credentials (uninstall, key deleted). */
  revoke(session: StoreSession<P>): void;
  /** Places an order of the given kind in the shop; returns its external id. */
  placeOrder(kind: ContractOrderKind): Promise<string>;
  /** The kinds the platform has (Etsy has no test orders); all four when absent. */
  orderKinds?: readonly ContractOrderKind[];
  /** What the platform holds as fulfilments of the order. */
  fulfillments(externalOrderId: string): Promise<Array<{ id: string; trackingNumbers: string[] }>>;
  /**
   * How the platform takes a tracking change: `in_place` (default) edits the fulfilment; `new_shipment`
   * (Etsy, which cannot edit a shipment) adds a shipment with the new tracking and keeps the old one.
   */
  trackingUpdate?: "in_place" | "new_shipment";
  webhooks: {
    secret: string;
    /** Header names without which a delivery is refused with 400 (the signature's among them). */
    requiredHeaders: string[];
    signatureHeader: string;
    /** A genuine order delivery, as the platform sent it to the store's webhook URL. */
    captureOrderDelivery(session: StoreSession<P>): Promise<CapturedDelivery>;
    /** Platforms with per-store subscriptions by API; without, ensureWebhooks must answer `not_managed`. */
    subscriptions?: {
      /** The topics the connector must subscribe, as the platform names them. */
      topics: string[];
      /** The topics of the subscriptions the platform holds for the store's webhook URL. */
      subscribedTopics(session: StoreSession<P>): string[];
      /** The platform drops the store's subscriptions (as after repeated failed deliveries). */
      dropSubscriptions(session: StoreSession<P>): void;
    };
  };
  /** Platforms that rate-limit by answering "throttled": the connector must wait, not fail. */
  rateLimit?: {
    /** The next request finds the rate budget empty; it refills within a second. */
    exhaust(session: StoreSession<P>): void;
    restore(session: StoreSession<P>): void;
  };
  /** Platforms with expiring tokens: a store whose access token expires within minutes. */
  tokenRefresh?: {
    nearExpirySession(saved: CredentialsOf<P>[], seenBySave: () => number): Promise<StoreSession<P>>;
    /** How many API requests the platform has seen for this store (to prove the save came first). */
    requestCount(): number;
    revokeRefreshToken(session: StoreSession<P>): void;
    /** Undoes any clock changes nearExpirySession made. */
    reset(): void;
  };
};

async function shopError(promise: Promise<unknown>): Promise<ShopError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ShopError) return error;
    throw error;
  }
  throw new Error("expected a ShopError, the call succeeded");
}

const EXPECTED_STATUS: Record<ContractOrderKind, ShopOrderStatus> = { paid: "payable", pending: "awaiting_payment", cancelled: "cancelled", test: "other" };

export function runConnectorContract<P extends Platform>(platform: P, harness: ConnectorHarness<P>): void {
  const { connector } = harness;

  describe(`${platform} connector contract`, () => {
    beforeAll(() => harness.start());
    afterAll(() => harness.stop());

    describe("credentials", () => {
      it("verifyCredentials answers the shop's name and identity for working credentials", async () => {
        const session = harness.session();
        const verified = await connector.verifyCredentials(session);
        expect(verified.identity).toBe(session.identity);
        expect(verified.name.length).toBeGreaterThan(0);
      });

      it("verifyCredentials raises ShopError unauthorized for refused credentials", async () => {
        const error = await shopError(connector.verifyCredentials(harness.refusedSession()));
        expect(error.kind).toBe("unauthorized");
        expect(error.retryable).toBe(false);
      });

      it("reports every platform call through onCall", async () => {
        const calls: PlatformCall[] = [];
        const session = { ...harness.session(), onCall: (call: PlatformCall) => void calls.push(call) };
        await connector.verifyCredentials(session);
        expect(calls.length).toBeGreaterThanOrEqual(1);
        expect(calls.at(-1)).toMatchObject({ platform, outcome: "ok" });
        expect(calls.at(-1)?.durationMs).toBeGreaterThanOrEqual(0);
      });

      it("raises ShopError unauthorized once the platform revoked the credentials", async () => {
        const session = harness.session();
        const orderId = await harness.placeOrder("paid");
        expect(await connector.getOrder(session, orderId)).not.toBeNull();
        harness.revoke(session);
        const error = await shopError(connector.getOrder(session, orderId));
        expect(error.kind).toBe("unauthorized");
      });
    });

    describe("webhook envelope and signature", () => {
      let delivery: CapturedDelivery;
      beforeAll(async () => {
        delivery = await harness.webhooks.captureOrderDelivery(harness.session());
      });

      const without = (name: string) => Object.fromEntries(Object.entries(delivery.headers).filter(([key]) => key.toLowerCase() !== name.toLowerCase()));

      it("reads a genuine delivery's envelope, whatever the header case", () => {
        const envelope = connector.readWebhookEnvelope(delivery.headers, delivery.rawBody);
        expect(envelope).toMatchObject({ ok: true, topic: delivery.topic });
        const lower = Object.fromEntries(Object.entries(delivery.headers).map(([key, value]) => [key.toLowerCase(), value]));
        expect(connector.readWebhookEnvelope(lower, delivery.rawBody)).toEqual(envelope);
      });

      it("refuses a delivery missing any required header with 400", () => {
        expect(harness.webhooks.requiredHeaders.length).toBeGreaterThan(0);
        for (const name of harness.webhooks.requiredHeaders) {
          const envelope = connector.readWebhookEnvelope(without(name), delivery.rawBody);
          expect(envelope, name).toMatchObject({ ok: false, status: 400 });
          expect(connector.verifyWebhook(without(name), delivery.rawBody, harness.webhooks.secret), name).toBeNull();
        }
      });

      it("verifies a genuine delivery and names its order", () => {
        const verified = connector.verifyWebhook(delivery.headers, delivery.rawBody, harness.webhooks.secret);
        expect(verified).not.toBeNull();
        expect(verified?.topic).toBe(delivery.topic);
        expect(verified?.externalOrderId).toBe(delivery.externalOrderId);
        expect(verified?.body).toEqual(JSON.parse(delivery.rawBody.toString("utf8")));
      });

      it("refuses a wrong secret, a tampered body, a mangled or empty signature", () => {
        const { secret, signatureHeader } = harness.webhooks;
        expect(connector.verifyWebhook(delivery.headers, delivery.rawBody, `${secret}x`)).toBeNull();
        expect(connector.verifyWebhook(delivery.headers, Buffer.concat([delivery.rawBody, Buffer.from(" ")]), secret)).toBeNull();
        const tampered = Buffer.from(delivery.rawBody);
        tampered[tampered.length - 2] = (tampered[tampered.length - 2] as number) ^ 1;
        expect(connector.verifyWebhook(delivery.headers, tampered, secret)).toBeNull();
        const signature = delivery.headers[Object.keys(delivery.headers).find((key) => key.toLowerCase() === signatureHeader.toLowerCase()) as string] as string;
        for (const bad of [signature.slice(0, -4), `${signature}AAAA`, "not base64 !", "", signature.toLowerCase() === signature ? signature.toUpperCase() : signature.toLowerCase()]) {
          expect(connector.verifyWebhook({ ...without(signatureHeader), [signatureHeader]: bad }, delivery.rawBody, secret), bad).toBeNull();
        }
        expect(connector.verifyWebhook(delivery.headers, delivery.rawBody, "")).toBeNull();
      });
    });

    const subscriptions = harness.webhooks.subscriptions;
    if (subscriptions) {
      describe("webhook subscriptions", () => {
        it("ensureWebhooks creates every topic, is idempotent, and restores what the platform dropped", async () => {
          const session = harness.session();
          const { topics } = subscriptions;
          subscriptions.dropSubscriptions(session);

          const first = await connector.ensureWebhooks(session);
          expect(first.state).toBe("ok");
          expect([...first.restored].sort()).toEqual([...topics].sort());
          expect([...subscriptions.subscribedTopics(session)].sort()).toEqual([...topics].sort());

          const second = await connector.ensureWebhooks(session);
          expect(second).toEqual({ state: "ok", restored: [] });
          expect(subscriptions.subscribedTopics(session)).toHaveLength(topics.length);

          subscriptions.dropSubscriptions(session);
          expect(subscriptions.subscribedTopics(session)).toHaveLength(0);
          const third = await connector.ensureWebhooks(session);
          expect([...third.restored].sort()).toEqual([...topics].sort());
          expect([...subscriptions.subscribedTopics(session)].sort()).toEqual([...topics].sort());
        });

        it("removeWebhooks deletes the store's subscriptions, and a second time is harmless", async () => {
          const session = harness.session();
          await connector.ensureWebhooks(session);
          await connector.removeWebhooks(session);
          expect(subscriptions.subscribedTopics(session)).toEqual([]);
          await connector.removeWebhooks(session);
        });
      });
    } else {
      it("ensureWebhooks answers not_managed where the platform has no per-store subscriptions", async () => {
        expect(await connector.ensureWebhooks(harness.session())).toEqual({ state: "not_managed", restored: [] });
      });
    }

    describe("orders", () => {
      for (const kind of harness.orderKinds ?? (["paid", "pending", "cancelled", "test"] as const)) {
        it(`getOrder reads a ${kind} order as ${EXPECTED_STATUS[kind]}`, async () => {
          const externalId = await harness.placeOrder(kind);
          const order = await connector.getOrder(harness.session(), externalId);
          expect(order).not.toBeNull();
          expect(order?.externalId).toBe(externalId);
          expect(order?.status).toBe(EXPECTED_STATUS[kind]);
          expect(order?.test).toBe(kind === "test");
          if (kind === "paid") expect(order?.statusReason).toBeUndefined();
          else expect(order?.statusReason).toMatch(/\w/);
          expect(order?.lines.length).toBeGreaterThan(0);
          for (const line of order?.lines ?? []) {
            expect(line.externalLineId).toMatch(/^\d+$/);
            expect(line.externalProductId).toMatch(/^\d+$/);
            expect(line.quantity).toBeGreaterThan(0);
          }
          expect(order?.shippingAddress?.country).toMatch(/^[A-Z]{2}$/);
          expect(order?.shippingAddress?.addressLine1).toMatch(/\w/);
        });
      }

      it("getOrder answers null for an order the platform does not have", async () => {
        expect(await connector.getOrder(harness.session(), "999999999")).toBeNull();
      });

      it("listOrdersUpdatedSince pages through every changed order, oldest change first", async () => {
        const since = new Date(Date.now() - 1000);
        const placed: string[] = [];
        for (let index = 0; index < 23; index += 1) placed.push(await harness.placeOrder("paid"));
        const seen: string[] = [];
        const updatedAt: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: Awaited<ReturnType<typeof connector.listOrdersUpdatedSince>> = await connector.listOrdersUpdatedSince(harness.session(), since, cursor);
          pages += 1;
          seen.push(...page.orders.map((order) => order.externalId));
          updatedAt.push(...page.orders.map((order) => order.updatedAt));
          cursor = page.nextCursor;
        } while (cursor && pages < 50);
        expect(pages).toBeGreaterThan(1);
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen).toEqual(expect.arrayContaining(placed));
        expect(updatedAt.map((value) => Date.parse(value))).toEqual([...updatedAt.map((value) => Date.parse(value))].sort((a, b) => a - b));
        const later = await connector.listOrdersUpdatedSince(harness.session(), new Date(Date.now() + 60_000), null);
        expect(later).toEqual({ orders: [], nextCursor: null });
      });
    });

    describe("fulfilment", () => {
      it("createFulfillment creates once per shipment; a retry finds it instead of making a second", async () => {
        const session = harness.session();
        const externalOrderId = await harness.placeOrder("paid");
        const request = { externalOrderId, shipmentKey: "shp_contract_1", carrier: "UPS", trackingNumber: "1Z999AA10123456784", trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784", notifyCustomer: true };
        const first = await connector.createFulfillment(session, request);
        expect(first.created).toBe(true);
        const second = await connector.createFulfillment(session, request);
        expect(second).toEqual({ externalFulfillmentId: first.externalFulfillmentId, created: false });
        const held = await harness.fulfillments(externalOrderId);
        expect(held).toHaveLength(1);
        expect(held[0]?.id).toBe(first.externalFulfillmentId);
        expect(held[0]?.trackingNumbers).toEqual([request.trackingNumber]);
      });

      it("updateTracking changes the tracking of an existing fulfilment", async () => {
        const session = harness.session();
        const externalOrderId = await harness.placeOrder("paid");
        const { externalFulfillmentId } = await connector.createFulfillment(session, { externalOrderId, shipmentKey: "shp_contract_2", carrier: "DHL", trackingNumber: "OLD123", notifyCustomer: false });
        const tracking = { carrier: "DHL", trackingNumber: "NEW456", trackingUrl: "https://www.dhl.com/track?NEW456" };
        await connector.updateTracking(session, externalFulfillmentId, tracking);
        const held = await harness.fulfillments(externalOrderId);
        if (harness.trackingUpdate !== "new_shipment") {
          expect(held).toEqual([{ id: externalFulfillmentId, trackingNumbers: ["NEW456"] }]);
          return;
        }
        expect(held.map((fulfillment) => fulfillment.trackingNumbers)).toEqual([["OLD123"], ["NEW456"]]);
        expect(held[0]?.id).toBe(externalFulfillmentId);
        expect(held[1]?.id).not.toBe(externalFulfillmentId);
        // A retried update finds the shipment it made instead of adding a third.
        await connector.updateTracking(session, externalFulfillmentId, tracking);
        expect(await harness.fulfillments(externalOrderId)).toHaveLength(2);
      });

      it("createFulfillment on an order the platform does not have raises not_found", async () => {
        const error = await shopError(connector.createFulfillment(harness.session(), { externalOrderId: "999999999", shipmentKey: "shp_x", carrier: "UPS", trackingNumber: "X", notifyCustomer: false }));
        expect(error.kind).toBe("not_found");
      });
    });

    describe("products", () => {
      it("publishProduct creates the variants and listVariants finds them", async () => {
        const session = harness.session();
        const published = await connector.publishProduct(session, {
          title: "Contract Tee",
          status: "draft",
          options: [{ name: "Size", values: ["S", "M"] }],
          variants: [
            { optionValues: { Size: "S" }, sku: "CT-S", price: "20.00" },
            { optionValues: { Size: "M" }, sku: "CT-M", price: "20.00" },
          ],
        });
        expect(published.externalProductId).toMatch(/^\d+$/);
        expect(published.variants.map((variant) => variant.sku).sort()).toEqual(["CT-M", "CT-S"]);
        const found: string[] = [];
        let cursor: string | null = null;
        do {
          const page: Awaited<ReturnType<typeof connector.listVariants>> = await connector.listVariants(session, cursor);
          found.push(...page.variants.filter((variant) => variant.externalProductId === published.externalProductId).map((variant) => `${variant.sku}:${variant.options.Size}`));
          cursor = page.nextCursor;
        } while (cursor);
        expect(found.sort()).toEqual(["CT-M:M", "CT-S:S"]);
      });
    });

    const rateLimit = harness.rateLimit;
    if (rateLimit) {
      describe("rate limits", () => {
        it("waits out a throttled answer instead of failing", async () => {
          const calls: PlatformCall[] = [];
          const session = { ...harness.session(), onCall: (call: PlatformCall) => void calls.push(call) };
          rateLimit.exhaust(session);
          try {
            const verified = await connector.verifyCredentials(session);
            expect(verified.identity).toBe(session.identity);
          } finally {
            rateLimit.restore(session);
          }
          expect(calls.map((call) => call.outcome)).toContain("throttled");
          expect(calls.at(-1)?.outcome).toBe("ok");
        });
      });
    }

    const refresh = harness.tokenRefresh;
    if (refresh) {
      describe("token refresh", () => {
        afterAll(() => refresh.reset());

        it("refreshes a token near expiry and saves the rotated credentials before using them", async () => {
          const saved: CredentialsOf<P>[] = [];
          let requestsAtSave = -1;
          const session = await refresh.nearExpirySession(saved, () => (requestsAtSave = refresh.requestCount()));
          const before = session.credentials;
          const requestsBefore = refresh.requestCount();
          await connector.verifyCredentials(session);
          expect(saved).toHaveLength(1);
          expect(requestsAtSave).toBe(requestsBefore);
          expect(saved[0]).not.toEqual(before);
          expect(session.credentials).toEqual(saved[0]);
          // The rotated credentials are the ones in use from now on: the old access token may go.
          harness.revoke({ ...session, credentials: before });
          await connector.verifyCredentials(session);
          expect(saved).toHaveLength(1);
        });

        it("raises ShopError expired when the refresh token no longer works", async () => {
          const session = await refresh.nearExpirySession([], () => 0);
          refresh.revokeRefreshToken(session);
          const error = await shopError(connector.verifyCredentials(session));
          expect(error.kind).toBe("expired");
        });
      });
    }
  });
}
