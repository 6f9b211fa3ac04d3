// npm run demo: Inkbridge on a fresh embedded database (DEMO_DATA_DIR, default ./.demo-data, wiped
// on every start because the fakes keep their shops in memory) with fake Shopify, WooCommerce and
// Etsy shops connected. `npm run demo -- order [shopify|woocommerce|etsy]` places a paid order in
// a fake shop (all three without a platform); it reaches Inkbridge by webhook like a real one.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { ConfigError, parseEnv } from "@/lib/env";
import { LockHeldError } from "@/db/lock";
import { sampleArtworkUrl } from "@/lib/files";
import { randomToken } from "@/lib/crypto";
import { startServer } from "@/server";
import { demoPlatforms, placeDemoOrder, seedDemo, startDemoFakes, type DemoEndpoints, type DemoPlatform } from "./demo/setup";
// @ts-expect-error – plain ESM script
import { buildIfNeeded } from "./build-if-needed.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { positionals, values } = parseArgs({ allowPositionals: true, options: { port: { type: "string" } } });
const dataDir = path.resolve(root, process.env.DEMO_DATA_DIR ?? ".demo-data");
const stateFile = path.join(dataDir, "demo.json");

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function placeOrders(platform: string | undefined): Promise<void> {
  if (platform && !demoPlatforms.includes(platform as DemoPlatform)) fail(`Usage: npm run demo -- order [${demoPlatforms.join("|")}]`);
  let endpoints: DemoEndpoints;
  try {
    endpoints = JSON.parse(readFileSync(stateFile, "utf8")) as DemoEndpoints;
  } catch {
    fail(`No demo is running from ${dataDir}: start it with npm run demo first.`);
  }
  for (const each of platform ? [platform as DemoPlatform] : demoPlatforms) {
    await placeDemoOrder(endpoints, each).catch((error: Error) => fail(error.message));
    process.stdout.write(`Placed a paid order in the ${each} demo shop; it reaches Inkbridge by webhook within seconds.\n`);
  }
}

async function runDemo(): Promise<void> {
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  const appUrl = `http://localhost:${port}`;
  rmSync(dataDir, { recursive: true, force: true });
  const adminEmail = "admin@demo.local";
  const adminPassword = randomToken(12);
  const fakes = await startDemoFakes({ appUrl, ports: { shopify: 4100, etsy: 4200, woocommerce: 4300 } });
  let env;
  try {
    env = parseEnv({
      ...process.env,
      DATABASE_URL: "",
      DATA_DIR: dataDir,
      PORT: String(port),
      APP_URL: appUrl,
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
      PARTNER_NAME: process.env.PARTNER_NAME ?? "Inkbridge demo",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      ...fakes.env,
    });
  } catch (error) {
    await fakes.close();
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  buildIfNeeded(root);
  let server;
  try {
    server = await startServer({ env, next: "build" });
  } catch (error) {
    await fakes.close();
    if (error instanceof LockHeldError) fail(error.message);
    throw error;
  }
  const db = server.database.db;
  const [admin] = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, adminEmail));
  const world = await seedDemo(db, fakes, { artworkUrl: sampleArtworkUrl(appUrl), staff: { userId: admin!.id, email: admin!.email } });
  writeFileSync(stateFile, JSON.stringify(fakes.endpoints, null, 2), { mode: 0o600 });
  const lines = [
    ``,
    `  Inkbridge demo on ${appUrl} (data in ${path.relative(root, dataDir) || dataDir}, reset on every start)`,
    ``,
    `  Partner console   ${appUrl}/sign-in   ${adminEmail} / ${adminPassword}`,
    `  Customer portal   ${appUrl}/sign-in   ${world!.portalEmail} / ${world!.portalPassword}   (customer "${world!.customerName}")`,
    ``,
    `  Connected stores: Shopify ${fakes.endpoints.shopify}, WooCommerce ${fakes.endpoints.woocommerce}, Etsy ${fakes.endpoints.etsy}`,
    `  Place shop orders: npm run demo -- order [shopify|woocommerce|etsy]   (or the "Place a paid order" button on those pages)`,
    `  Ctrl-C stops everything.`,
    ``,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    Promise.allSettled([server.stop(), fakes.close()]).finally(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (positionals[0] === "order") await placeOrders(positionals[1]);
else if (positionals.length === 0) await runDemo();
else fail("Usage: npm run demo [-- --port 3000] | npm run demo -- order [shopify|woocommerce|etsy]");
