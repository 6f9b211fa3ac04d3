import { createHmac, randomBytes, randomInt } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import postgres from "postgres";
import { openPostgres } from "@/db/client";
import { staffContext } from "@/db/factories";
import { parseEnv, setEnv } from "@/lib/env";
import { connectStore, linkVariant } from "@/lib/services/stores";
import { startWooFake, type WooFake } from "@/connectors/woocommerce/fake";
import { startEtsyFake, type EtsyFake } from "@/connectors/etsy/fake";
import { freePort } from "./app-server";
import { receiverEnv, startPostbackReceiver, type PostbackReceiver } from "./postback-receiver";
import { startScaleCluster, type ProcessKind, type ScaleCluster } from "./scale-cluster";
import { createScratchDatabase, stageShopifyStore } from "./shopify-seed";
import { adminClient, sleep } from "./storm-kit";

// The scale-out storm: Inkbridge as a scaled deployment (2 web processes with WORKER=off behind a
// balancer, 2 `npm run worker` processes, PostgreSQL, Redis) takes orders over every channel at
// once — Gelato and SiteFlow API orders (duplicates, some concurrent, retried until answered),
// Shopify webhooks (duplicate and out-of-order deliveries, retried), WooCommerce webhooks (never
// retried: lost ones come back through "Sync now"), Etsy receipts found by polls — while a web
// process and a worker are SIGKILLed and started again. Afterwards every order must exist once,
// be processed once and posted back once, and every shipped shop order be fulfilled once.

export type Channel = "gelato_api" | "siteflow_api" | "shopify" | "woocommerce" | "etsy";
const channels: Channel[] = ["gelato_api", "siteflow_api", "shopify", "woocommerce", "etsy"];

export type ScaleOutOptions = {
  postgresUrl: string;
  redisUrl: string;
  /** Gelato and SiteFlow orders together (half each). */
  apiOrders: number;
  shopifyOrders: number;
  wooOrders: number;
  etsyReceipts: number;
  /** Spread the orders over this long. */
  stormSeconds: number;
  /** Rounds of kills while orders arrive; each SIGKILLs one web process and one worker and starts them again. */
  killRounds: number;
  /** Orders of each channel shipped at the end (shop orders must then be fulfilled once in their shop). */
  shipPerChannel: number;
  /** WooCommerce orders placed at once just before each kill (default 6), on top of `wooOrders`. */
  wooBurstAtKill?: number;
  duplicateRatio?: number;
  webs?: number;
  workers?: number;
  log?: (line: string) => void;
};

export type ScaleOutReport = {
  seconds: number;
  phases: { starting: number; storm: number; settling: number; shipping: number };
  orders: Record<Channel, number>;
  kills: Record<ProcessKind, number>;
  crashes: string[];
  api: { requests: number; retried: number; duplicateSends: number; unexpected: string[] };
  shopify: { attempts: number; duplicates: number; failedAttempts: number; neverAcknowledged: string[] };
  /** `takenByPollOnly`: orders no stored delivery named, found by "Sync now" alone. */
  woo: { deliveries: number; failedDeliveries: number; takenByPollOnly: number };
  syncs: { woo: number; etsy: number };
  balancer: ReturnType<ScaleCluster["balancer"]["stats"]>;
  missing: string[];
  duplicated: string[];
  foreign: string[];
  notPassed: string[];
  processedTwice: string[];
  unsettledDeliveries: string[];
  postbacks: { events: number; received: number; repeatedSends: number; lost: string[]; split: string[]; signaturesValid: boolean };
  shipped: number;
  notShipped: string[];
  fulfilmentsPerOrder: string[];
  failedJobs: string[];
};

type Planned = { dialect: "gelato" | "siteflow"; reference: string; body: string; sends: number; concurrent: boolean };

const admin = { email: "scaleout@example.com", password: "scale out password 123" };
const productUid = "storm_poster";
const postbackEvents = ["order.received", "order.passed", "order.shipped"];
const shopAddress = { firstName: "Ada", lastName: "Lovelace", address1: "12 St James's Square", city: "London", zip: "SW1Y 4JH", countryCode: "GB", country: "United Kingdom" };
const wooShipping = { first_name: "Ada", last_name: "Lovelace", address_1: "12 St James's Square", city: "London", postcode: "SW1Y 4JH", country: "GB" };

export async function runScaleOutStorm(options: ScaleOutOptions): Promise<ScaleOutReport> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const redis = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  try {
    await redis.ping();
  } catch (error) {
    throw new Error(`The scale-out storm needs Redis at ${options.redisUrl} (TEST_REDIS_URL): ${String(error)}`, { cause: error });
  } finally {
    redis.disconnect();
  }
  const run = `${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;
  const root = mkdtempSync(path.join(os.tmpdir(), "inkbridge-scaleout-"));
  const pdf = Buffer.from("%PDF-1.4\n%scale-out storm\n%%EOF\n");
  const files: Server = createServer((_request, response) => response.writeHead(200, { "content-type": "application/pdf", "content-length": pdf.length }).end(pdf));
  const filePort = await freePort();
  await new Promise<void>((resolve) => files.listen(filePort, "127.0.0.1", resolve));
  const fileUrl = `http://127.0.0.1:${filePort}/poster.pdf`;
  const receiver: PostbackReceiver = await startPostbackReceiver();
  const database = await createScratchDatabase(options.postgresUrl, "scaleout");
  // The balancer's address is every process's APP_URL, so the shops must learn it before anything starts.
  const balancerPort = await freePort();

  // Etsy counts calls per app in Redis: a keystring of this run's own keeps parallel runs apart.
  const etsyApp = { keystring: `scaleout${run}`, sharedSecret: `scaleout-secret-${run}` };
  let woo: WooFake | undefined;
  let etsy: EtsyFake | undefined;
  let cluster: ScaleCluster | undefined;
  let stage: Awaited<ReturnType<typeof stageShopifyStore>> | undefined;
  try {
    stage = await stageShopifyStore({
      database: "postgres",
      databaseUrl: database.url,
      dataDir: path.join(root, "stage"),
      port: balancerPort,
      fileUrl,
      productUid,
      fake: {
        webhookFaults: { duplicateProbability: options.duplicateRatio ?? 0.3, outOfOrderProbability: 0.2, maxDelayMs: 1000, seed: randomInt(1_000_000) },
        webhookDelivery: { retryDelaysMs: [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 120_000], timeoutMs: 10_000, maxConsecutiveFailures: Number.POSITIVE_INFINITY },
        throttle: { capacity: 1_000_000, restoreRate: 1_000_000 },
      },
    });
    const shopify = stage.fake;
    woo = await startWooFake({ siteName: "Scale Woo", webhookDelivery: { delayMs: 20, timeoutMs: 10_000 } });
    etsy = await startEtsyFake({ ...etsyApp, autoApprove: true, allowHttpRedirects: true, rateLimits: { perSecond: 1000 } });
    const env: Record<string, string> = {
      ...stage.env,
      AUTH_SECRET: randomBytes(32).toString("hex"),
      REDIS_URL: options.redisUrl,
      SHOP_FETCH_ALLOW: new URL(woo.siteUrl).host,
      ETSY_KEYSTRING: etsyApp.keystring,
      ETSY_SHARED_SECRET: etsyApp.sharedSecret,
      ETSY_API_ORIGIN: etsy.origin,
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      CONNECTOR_RATE_LIMIT: "100000",
      FILE_FETCH_HTTP: "on",
      FILE_FETCH_ALLOW: `127.0.0.1:${filePort}`,
      ...receiverEnv,
      LOG_LEVEL: "error",
    };

    // The WooCommerce and Etsy stores of the same customer, connected before the processes start.
    setEnv(parseEnv({ NODE_ENV: "test", DATA_DIR: path.join(root, "stage"), APP_URL: `http://localhost:${balancerPort}`, ...env, LOG_LEVEL: "silent" }));
    const handle = openPostgres(database.url, { max: 2 });
    const wooProduct = woo.site.createProduct({ name: "Poster", attributes: [{ name: "Size", options: ["A3"] }], variations: [{ sku: "WOO-POSTER", regularPrice: "25.00", attributes: { Size: "A3" } }] });
    const etsyShop = etsy.world.createUserWithShop({ shopName: "ScaleOutPrints" }).shop.shop_id;
    const etsyListing = etsy.world.createListing(etsyShop, { title: "Poster", products: [{ sku: "ETSY-POSTER", price: "25", properties: { Size: "A3" } }] });
    let wooStoreId: string;
    let etsyStoreId: string;
    try {
      const ctx = staffContext(handle.db);
      const key = woo.site.createKey("read_write");
      const wooStore = await connectStore({ ctx, customerId: stage.customerId, input: { platform: "woocommerce", siteUrl: woo.siteUrl, consumerKey: key.consumerKey, consumerSecret: key.consumerSecret } });
      await linkVariant({ ctx, storeId: wooStore.id, input: { externalProductId: String(wooProduct.id), externalVariantId: String(wooProduct.variationIds[0]), productUid, files: [{ type: "default", url: fileUrl }] } });
      const tokens = etsy.world.createTokens(etsyShop, etsyApp.keystring);
      const etsyStore = await connectStore({
        ctx,
        customerId: stage.customerId,
        input: { platform: "etsy", shopId: String(etsyShop), accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: new Date(tokens.expiresAt).toISOString() },
      });
      await linkVariant({ ctx, storeId: etsyStore.id, input: { externalProductId: String(etsyListing.listingId), externalVariantId: String(etsyListing.productIds[0]), productUid, files: [{ type: "default", url: fileUrl }] } });
      wooStoreId = wooStore.id;
      etsyStoreId = etsyStore.id;
    } finally {
      await handle.close();
    }

    cluster = await startScaleCluster({ webs: options.webs ?? 2, workers: options.workers ?? 2, balancerPort, databaseUrl: database.url, env });
    const startingSeconds = (Date.now() - started) / 1000;
    log(`${options.webs ?? 2} web + ${options.workers ?? 2} workers up behind ${cluster.url} in ${startingSeconds.toFixed(0)} s`);
    const api = adminClient(cluster.url, admin);
    await api.useToken();
    const customerId = stage.customerId;
    const gelato = await api.ok<{ apiKey: string; secret: string }>("POST", `/customers/${customerId}/connectors`, { type: "gelato", name: "scale g" });
    const siteflow = await api.ok<{ apiKey: string; secret: string }>("POST", `/customers/${customerId}/connectors`, { type: "siteflow", name: "scale s" });
    await api.ok("POST", `/customers/${customerId}/triggers`, { events: postbackEvents, url: `${receiver.url}/hook`, method: "POST" });
    receiver.secrets.push((await api.ok<{ secret: string }>("GET", `/customers/${customerId}/postback-secret`)).secret);

    // ---- the storm ----
    const planned = planApiOrders(options.apiOrders, run, fileUrl, options.duplicateRatio ?? 0.3);
    const apiStats = { requests: 0, retried: 0, unexpected: [] as string[] };
    const sendOnce = async (order: Planned) => {
      const url = order.dialect === "gelato" ? `${cluster!.url}/api/gelato/v4/orders` : `${cluster!.url}/api/siteflow/order`;
      for (let attempt = 0; ; attempt++) {
        apiStats.requests++;
        if (attempt > 0) apiStats.retried++;
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (order.dialect === "gelato") headers["x-api-key"] = `${gelato.apiKey}:${gelato.secret}`;
        else {
          const date = new Date().toISOString();
          headers["x-oneflow-date"] = date;
          headers["x-oneflow-algorithm"] = "SHA256";
          headers["x-oneflow-authorization"] = `${siteflow.apiKey}:${createHmac("sha256", siteflow.secret).update(`POST /api/siteflow/order ${date}`).digest("hex")}`;
        }
        try {
          const response = await fetch(url, { method: "POST", headers, body: order.body, signal: AbortSignal.timeout(15_000) });
          const text = await response.text();
          if (response.status === 200 || response.status === 201) return;
          if (response.status < 500 && response.status !== 429) {
            apiStats.unexpected.push(`${order.reference}: ${response.status} ${text.slice(0, 200)}`);
            return;
          }
        } catch {
          // no answer: the process died under the request, or the balancer had no one to give it to
        }
        await sleep(100 + randomInt(200));
      }
    };
    const apiTasks: Array<() => Promise<void>> = [];
    for (const order of planned) {
      if (order.concurrent) apiTasks.push(() => Promise.all(Array.from({ length: order.sends }, () => sendOnce(order))).then(() => undefined));
      else for (let i = 0; i < order.sends; i++) apiTasks.push(() => sendOnce(order));
    }
    shuffle(apiTasks);

    const stormMs = options.stormSeconds * 1000;
    const stormStarted = Date.now();
    const paced = async (count: number, act: (index: number) => Promise<void> | void, parallel = 1) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: parallel }, async () => {
          while (next < count) {
            const index = next++;
            const due = stormStarted + (index / count) * stormMs;
            if (due > Date.now()) await sleep(due - Date.now());
            await act(index);
          }
        }),
      );
    };
    // Every order sent or placed, by channel (kill rounds after the storm still place WooCommerce orders).
    const expected: Record<Channel, Set<string>> = {
      gelato_api: new Set(planned.filter((order) => order.dialect === "gelato").map((order) => order.reference)),
      siteflow_api: new Set(planned.filter((order) => order.dialect === "siteflow").map((order) => order.reference)),
      shopify: new Set(),
      woocommerce: new Set(),
      etsy: new Set(),
    };
    const syncs = { woo: 0, etsy: 0 };
    const sync = async (storeId: string, which: keyof typeof syncs) => {
      await api.ok("POST", `/stores/${storeId}:sync`);
      syncs[which]++;
    };

    const placeWooOrder = () => {
      const order = woo!.site.placeOrder({ lines: [{ productId: wooProduct.id, variationId: wooProduct.variationIds[0], quantity: 1 }], shipping: wooShipping, status: "processing" });
      expected.woocommerce.add(String(order.id));
    };

    let storming = true;
    const killer = (async () => {
      for (let round = 0; round < options.killRounds; round++) {
        // Kills land inside the storm, the first early: what a killed worker held comes back ~30 s later.
        const due = stormStarted + ((round + 0.25) / options.killRounds) * stormMs;
        if (due > Date.now()) await sleep(due - Date.now());
        const web = round % (options.webs ?? 2);
        const worker = round % (options.workers ?? 2);
        // A burst of WooCommerce deliveries (its queue runner held back, then let go) is in flight as
        // the kill lands: those on the killed process are lost, as WooCommerce never sends them again.
        woo!.webhooks.pause();
        for (let i = 0; i < (options.wooBurstAtKill ?? 6); i++) placeWooOrder();
        woo!.webhooks.resume();
        await sleep(30);
        await Promise.all([cluster!.kill("web", web), cluster!.kill("worker", worker)]);
        const killedAt = Date.now();
        await Promise.all([cluster!.restart("web", web), cluster!.restart("worker", worker)]);
        log(`round ${round + 1}: killed web ${web} and worker ${worker} at ${((killedAt - stormStarted) / 1000).toFixed(0)} s, both back in ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
      }
    })();
    let killing = true;
    killer.catch(() => undefined).finally(() => (killing = false));
    const etsyPoller = (async () => {
      // "Sync now" every few seconds; now and then twice at once, so two workers poll the same shop together.
      while (storming) {
        await sleep(3000);
        await Promise.all(Array.from({ length: randomInt(3) === 0 ? 2 : 1 }, () => sync(etsyStoreId, "etsy")));
      }
    })();

    await Promise.all([
      paced(apiTasks.length, (index) => apiTasks[index]!(), 24),
      paced(options.shopifyOrders, (index) => {
        const order = shopify.shops.placeOrder(stage!.shop, { lineItems: [{ variantId: stage!.variantId, quantity: 1 + (index % 3) }], shippingAddress: shopAddress, financialStatus: "PAID", email: "ada@example.com" });
        expected.shopify.add(String(order.id));
      }),
      paced(options.wooOrders, placeWooOrder),
      paced(options.etsyReceipts, () => {
        const receipt = etsy!.world.placeReceipt(etsyShop, { lines: [{ listingId: etsyListing.listingId, productId: etsyListing.productIds[0], quantity: 1 }], paid: true });
        expected.etsy.add(String(receipt.receipt_id));
      }),
    ]);
    storming = false;
    await etsyPoller;
    const stormSeconds = (Date.now() - stormStarted) / 1000;
    log(`orders placed in ${stormSeconds.toFixed(0)} s: ${apiStats.requests} API requests (${apiStats.retried} retried), kills so far ${JSON.stringify(cluster.kills)}`);

    // ---- settle: every order in and processed, every delivery settled ----
    const settleStarted = Date.now();
    await Promise.all([shopify.webhooks.idle(), woo.webhooks.idle()]);
    const sql = postgres(database.url, { max: 1, onnotice: () => undefined });
    try {
      const snapshot = () => readState(sql, customerId, postbackEvents);
      let state = await snapshot();
      const deadline = Date.now() + 300_000;
      let lastSync = 0;
      for (;;) {
        const missing = channels.filter((channel) => [...expected[channel]].some((id) => !state.present.get(channel)?.has(id)));
        // Postbacks may still be on their way: the shipping phase below waits for them too.
        const waiting = state.created > 0 || state.receivedDeliveries > 0;
        if ((missing.length === 0 && !waiting && !killing) || Date.now() > deadline) break;
        // A WooCommerce delivery lost with its process is never sent again; the poll ("Sync now") finds its order.
        if (Date.now() - lastSync > 5000 && (missing.includes("woocommerce") || missing.includes("etsy"))) {
          if (missing.includes("woocommerce")) await sync(wooStoreId, "woo");
          if (missing.includes("etsy")) await sync(etsyStoreId, "etsy");
          lastSync = Date.now();
        }
        log(`settling: missing ${missing.join(", ") || "none"}, ${state.created} created, ${state.receivedDeliveries} deliveries waiting, ${state.postbackEvents.size - receiverEvents(receiver).byEvent.size} postbacks waiting`);
        await sleep(2000);
        state = await snapshot();
      }
      // The processes killed last are back before anything ships.
      await killer;
      const settlingSeconds = (Date.now() - settleStarted) / 1000;
      log(`settled in ${settlingSeconds.toFixed(0)} s`);

      // ---- ship some orders of each channel; the shops must hear of each once ----
      const shipStarted = Date.now();
      const toShip = channels.flatMap((channel) =>
        state.orders
          .filter((order) => order.channel === channel && order.status === "passed")
          .slice(0, options.shipPerChannel),
      );
      const unexpectedShipping: string[] = [];
      const queue = [...toShip];
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          for (let order = queue.shift(); order; order = queue.shift()) {
            for (const step of [{ status: "in_production" }, { status: "printed" }, { status: "shipped", carrier: "DHL", trackingCode: `SCALE-${order.externalId}` }]) {
              const answer = await api.call("POST", `/orders/${order.id}/status`, step);
              if (answer.status !== 200) unexpectedShipping.push(`${order.channel} ${order.externalId} → ${step.status}: ${answer.status}`);
            }
          }
        }),
      );
      const fulfilments = (order: { channel: string; externalId: string }): number => {
        switch (order.channel) {
          case "shopify":
            return shopify.shops.listFulfillments(stage!.shop, order.externalId).length;
          case "woocommerce":
            return woo!.site.getOrder(Number(order.externalId)).trackings.length;
          case "etsy":
            return etsy!.world.findReceipt(Number(order.externalId))?.shipments.length ?? 0;
          default:
            return 1;
        }
      };
      const shipDeadline = Date.now() + 180_000;
      while (Date.now() < shipDeadline && (toShip.some((order) => fulfilments(order) === 0) || (await snapshot()).postbackEvents.size > receiverEvents(receiver).byEvent.size)) await sleep(500);
      // Give a repeated fulfilment or postback, were one to be made, the time to show.
      await sleep(2000);
      const shippingSeconds = (Date.now() - shipStarted) / 1000;
      log(`shipped ${toShip.length} orders, fulfilled and every postback sent in ${shippingSeconds.toFixed(0)} s`);

      state = await snapshot();
      const received = receiverEvents(receiver);
      const shopifyAttempts = shopify.webhooks.attempts;
      const acknowledged = new Set(shopifyAttempts.filter((attempt) => attempt.status !== null && attempt.status < 300).map((attempt) => attempt.webhookId));
      const wooAttempts = woo.webhooks.attempts.filter((attempt) => !attempt.ping);
      const shippedIds = new Set(toShip.map((order) => order.id));
      const [unheard] = await sql<Array<{ count: number }>>`
        select count(*)::int as count from orders o
        where o.customer_id = ${customerId} and o.channel = 'woocommerce'
          and not exists (select 1 from webhook_events w where w.store_id = o.store_id and w.external_order_id = o.external_id)`;
      const failedJobs = await sql<Array<{ name: string; id: string; output: unknown }>>`select name, id::text, output from pgboss.job where state = 'failed'`;
      return {
        seconds: Math.round((Date.now() - started) / 1000),
        phases: { starting: Math.round(startingSeconds), storm: Math.round(stormSeconds), settling: Math.round(settlingSeconds), shipping: Math.round(shippingSeconds) },
        orders: Object.fromEntries(channels.map((channel) => [channel, expected[channel].size])) as Record<Channel, number>,
        kills: { ...cluster.kills },
        crashes: [...cluster.crashes],
        api: { ...apiStats, duplicateSends: apiTasks.length - planned.length, unexpected: [...apiStats.unexpected, ...unexpectedShipping] },
        shopify: {
          attempts: shopifyAttempts.length,
          duplicates: shopifyAttempts.filter((attempt) => attempt.duplicate).length,
          failedAttempts: shopifyAttempts.filter((attempt) => attempt.status === null || attempt.status >= 300).length,
          neverAcknowledged: [...new Set(shopifyAttempts.map((attempt) => attempt.webhookId))].filter((id) => !acknowledged.has(id)),
        },
        woo: { deliveries: wooAttempts.length, failedDeliveries: wooAttempts.filter((attempt) => attempt.status === null || attempt.status >= 300).length, takenByPollOnly: unheard?.count ?? 0 },
        syncs,
        balancer: cluster.balancer.stats(),
        missing: channels.flatMap((channel) => [...expected[channel]].filter((id) => !state.present.get(channel)?.has(id)).map((id) => `${channel} ${id}`)),
        duplicated: state.duplicated,
        foreign: channels.flatMap((channel) => [...(state.present.get(channel) ?? [])].filter((id) => !expected[channel].has(id)).map((id) => `${channel} ${id}`)),
        notPassed: state.orders.filter((order) => order.status !== (shippedIds.has(order.id) ? "shipped" : "passed")).map((order) => `${order.channel} ${order.externalId}: ${order.status}`),
        processedTwice: state.eventCounts.filter((row) => row.received !== 1 || row.passed !== 1).map((row) => `${row.channel} ${row.externalId}: received ${row.received}, passed ${row.passed}`),
        unsettledDeliveries: state.unsettledDeliveries,
        postbacks: {
          events: state.postbackEvents.size,
          received: received.byEvent.size,
          repeatedSends: receiver.received.length - receiver.uniqueIds().length,
          lost: [...state.postbackEvents].filter((id) => !received.byEvent.has(id)),
          split: [...received.byEvent].filter(([, ids]) => ids.size !== 1).map(([id, ids]) => `${id}: ${ids.size} webhook ids`),
          signaturesValid: receiver.received.every((request) => request.valid),
        },
        shipped: toShip.length,
        notShipped: toShip.filter((order) => fulfilments(order) === 0).map((order) => `${order.channel} ${order.externalId}`),
        fulfilmentsPerOrder: toShip.filter((order) => fulfilments(order) !== 1).map((order) => `${order.channel} ${order.externalId}: ${fulfilments(order)}`),
        failedJobs: failedJobs.map((job) => `${job.name} ${job.id}: ${JSON.stringify(job.output).slice(0, 200)}`),
      };
    } finally {
      await sql.end();
    }
  } finally {
    await cluster?.stop();
    await stage?.fake.close();
    await woo?.close();
    await etsy?.close();
    await receiver.close();
    files.close();
    await database.drop();
    rmSync(root, { recursive: true, force: true });
  }
}

/** One line of the numbers a run reports. */
export function describeScaleOut(report: ScaleOutReport): string {
  return [
    `orders ${JSON.stringify(report.orders)}`,
    `API ${report.api.requests} requests (${report.api.duplicateSends} duplicate sends, ${report.api.retried} retried)`,
    `Shopify ${report.shopify.attempts} delivery attempts (${report.shopify.duplicates} duplicates, ${report.shopify.failedAttempts} failed)`,
    `WooCommerce ${report.woo.deliveries} deliveries (${report.woo.failedDeliveries} failed, ${report.woo.takenByPollOnly} orders found by the poll alone)`,
    `syncs ${JSON.stringify(report.syncs)}`,
    `kills ${JSON.stringify(report.kills)}`,
    `balancer ${JSON.stringify(report.balancer)}`,
    `postbacks ${report.postbacks.received}/${report.postbacks.events} events (${report.postbacks.repeatedSends} repeated sends)`,
    `${report.shipped} shipped`,
    `${report.seconds} s ${JSON.stringify(report.phases)}`,
  ].join("; ");
}

function planApiOrders(count: number, run: string, fileUrl: string, duplicateRatio: number): Planned[] {
  return Array.from({ length: count }, (_, index) => {
    const dialect = index % 2 === 0 ? "gelato" : "siteflow";
    const reference = `${dialect === "gelato" ? "G" : "S"}-${run}-${index}`;
    const body =
      dialect === "gelato"
        ? JSON.stringify({
            orderReferenceId: reference,
            currency: "EUR",
            items: [{ itemReferenceId: "1", productUid, quantity: 1, files: [{ type: "default", url: fileUrl }] }],
            shippingAddress: { firstName: "Ada", lastName: "Lovelace", addressLine1: "1 Main St", city: "London", postCode: "N1 1AA", country: "GB", email: "ada@example.com" },
          })
        : JSON.stringify({
            destination: { name: "inkbridge" },
            orderData: {
              sourceOrderId: reference,
              items: [{ sku: productUid, sourceItemId: "1", quantity: 1, components: [{ code: "default", fetch: true, path: fileUrl }] }],
              shipments: [{ shipTo: { name: "Ada Lovelace", address1: "1 Main St", town: "London", postcode: "N1 1AA", isoCountry: "GB" }, carrier: { alias: "standard" } }],
            },
          });
    const duplicated = Math.random() < duplicateRatio;
    return { dialect, reference, body, sends: duplicated ? 2 + randomInt(2) : 1, concurrent: duplicated && Math.random() < 0.2 };
  });
}

function shuffle<T>(items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

type OrderRow = { id: string; channel: Channel; externalId: string; status: string };

/** What the database holds for the customer: orders by channel, events per order, deliveries, postback events. */
async function readState(sql: postgres.Sql, customerId: string, events: string[]) {
  const orders = await sql<OrderRow[]>`select id, channel, external_id as "externalId", status from orders where customer_id = ${customerId} order by id`;
  const present = new Map<Channel, Set<string>>();
  const seen = new Map<string, number>();
  for (const order of orders) {
    present.set(order.channel, (present.get(order.channel) ?? new Set()).add(order.externalId));
    const key = `${order.channel} ${order.externalId}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const eventCounts = await sql<Array<{ channel: Channel; externalId: string; received: number; passed: number }>>`
    select o.channel, o.external_id as "externalId",
      count(*) filter (where e.type = 'order.received')::int as received,
      count(*) filter (where e.type = 'order.passed')::int as passed
    from orders o left join order_events e on e.order_id = o.id
    where o.customer_id = ${customerId}
    group by o.id, o.channel, o.external_id`;
  const [deliveries] = await sql<Array<{ received: number }>>`select count(*)::int as received from webhook_events where customer_id = ${customerId} and status = 'received'`;
  const unsettled = await sql<Array<{ platform: string; deliveryId: string; status: string; outcome: string | null }>>`
    select platform, delivery_id as "deliveryId", status, outcome from webhook_events where customer_id = ${customerId} and status not in ('processed', 'ignored')`;
  const postbackEvents = await sql<Array<{ id: string }>>`select id from order_events where customer_id = ${customerId} and type in ${sql(events)}`;
  return {
    orders,
    present,
    duplicated: [...seen].filter(([, count]) => count !== 1).map(([key, count]) => `${key}: ${count}`),
    created: orders.filter((order) => order.status === "created").length,
    eventCounts,
    receivedDeliveries: deliveries?.received ?? 0,
    unsettledDeliveries: unsettled.map((row) => `${row.platform} ${row.deliveryId}: ${row.status} ${row.outcome ?? ""}`),
    postbackEvents: new Set(postbackEvents.map((row) => row.id)),
  };
}

/** Postbacks received, by event id: the webhook ids each event came under. */
function receiverEvents(receiver: PostbackReceiver) {
  const byEvent = new Map<string, Set<string>>();
  for (const request of receiver.received) {
    const body = JSON.parse(request.body) as { id?: string; eventId?: string };
    const eventId = body.eventId ?? body.id ?? "";
    byEvent.set(eventId, (byEvent.get(eventId) ?? new Set()).add(request.webhookId));
  }
  return { byEvent };
}
