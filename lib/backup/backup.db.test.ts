import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inArray } from "drizzle-orm";
import { orderItems, orders } from "@/db/schema";
import { createTestCustomer, staffContext } from "@/db/factories";
import { parseEnv } from "@/lib/env";
import { createLogger } from "@/lib/log";
import { createContext } from "@/lib/services/context";
import { createProduct } from "@/lib/services/catalog";
import { createLookup } from "@/lib/services/lookups";
import { canonicalPaths, intakeOrder, prepareOrder } from "@/lib/services/orders";
import type { CanonicalOrderInput } from "@/lib/domain/order";
import type { Database } from "@/db/client";
import { startServer, type RunningServer } from "@/server";
import { createTestDatabase } from "@/db/test-db";
import { testDatabaseKind, testEnv } from "@/tests/support/runtime";
import { BackupError, controlSocketPath, restoreBackup, takeBackup } from "./index";

const scratch = mkdtempSync(path.join(os.tmpdir(), "inkbridge-backup-"));
const servers: RunningServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function start(dataDir: string, overrides: Record<string, string> = {}): Promise<RunningServer> {
  const env = parseEnv({ NODE_ENV: "test", DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", WORKER: "off", ...overrides });
  const server = await startServer({ env, next: "none", logger: createLogger("silent") });
  servers.push(server);
  return server;
}

async function orderSender(db: Database) {
  const customerId = (await createTestCustomer(db, { name: "Backup Prints" })).id;
  const ctx = staffContext(db);
  await createProduct({ ctx, input: { productUid: "backup_poster", title: "Poster", fileTypes: ["default"] } });
  await createLookup({ ctx, customerId, input: { name: "SKUs", field: "product", entries: [{ key: "POSTER", value: "backup_poster" }] } });
  const connector = createContext({ type: "connector", connectorId: "con_backup", customerId }, { db });
  return async (externalId: string) => {
    const input: CanonicalOrderInput = {
      channel: "gelato_api",
      externalId,
      currency: "EUR",
      items: [{ externalItemId: "1", sourceProductKey: "POSTER", quantity: 1, files: [{ type: "default", url: "https://files.example.com/a.pdf" }] }],
      shipments: [{ shipmentIndex: 0, address: { firstName: "Ada", lastName: "Lovelace", addressLine1: "1 Analytical St", city: "London", postCode: "N1 1AA", country: "GB" } }],
    };
    const prepared = await prepareOrder(db, customerId, input, canonicalPaths);
    await intakeOrder({ ctx: connector, customerId, channel: "gelato_api", connectorId: "con_backup", prepared, rawBody: JSON.stringify(input), payload: input });
  };
}

if (testDatabaseKind === "pglite") {
  describe("npm run backup and npm run restore (embedded database)", () => {
    it("copies a data folder with its keys, from the running server or a stopped folder; the restore starts and holds every order", async () => {
      const source = path.join(scratch, "source");
      const server = await start(source);
      const send = await orderSender(server.database.db);
      const acknowledged: string[] = [];
      for (let n = 0; n < 20; n++) {
        await send(`BK-${n}`);
        acknowledged.push(`BK-${n}`);
      }
      // Taken by the running server over its socket, then one of the stopped folder.
      const file = path.join(scratch, "backup.tar.gz");
      const backup = await takeBackup({ dataDir: source, file });
      expect(backup.via).toBe("server");
      await servers.shift()!.stop();
      expect((await takeBackup({ dataDir: source, file: path.join(scratch, "stopped.tar.gz") })).via).toBe("direct");
      expect(backup.keys).toEqual(["encryption-key", "auth-secret"]);
      expect(statSync(file).mode & 0o777).toBe(0o600);

      const occupied = mkdtempSync(path.join(scratch, "occupied-"));
      writeFileSync(path.join(occupied, "notes.txt"), "");
      await expect(restoreBackup({ file, dataDir: occupied })).rejects.toThrow(BackupError);
      await expect(restoreBackup({ file, dataDir: source })).rejects.toThrow(/not empty/);
      await expect(restoreBackup({ file: path.join(source, "encryption-key"), dataDir: path.join(scratch, "other") })).rejects.toThrow(/not an Inkbridge backup/);

      const target = path.join(scratch, "restored");
      const restored = await restoreBackup({ file, dataDir: target });
      expect(restored.orders).toBe(acknowledged.length);
      expect(readFileSync(path.join(target, "encryption-key"), "utf8")).toBe(readFileSync(path.join(source, "encryption-key"), "utf8"));

      const copy = await start(target);
      const rows = await copy.database.db.select({ id: orders.id, externalId: orders.externalId }).from(orders);
      expect(rows.map((row) => row.externalId).sort()).toEqual([...acknowledged].sort());
      const items = await copy.database.db.select({ orderId: orderItems.orderId }).from(orderItems).where(inArray(orderItems.orderId, rows.map((row) => row.id)));
      expect(new Set(items.map((item) => item.orderId)).size).toBe(rows.length);
    }, 180_000);
  });
} else {
  describe("npm run backup on PostgreSQL", () => {
    it("serves no backup socket and finds no embedded database to copy (pg_dump is the tool there)", async () => {
      const env = testEnv();
      const database = await createTestDatabase("postgres", process.env.TEST_DATABASE_URL);
      const server = await startServer({ env, database, next: "none", logger: createLogger("silent") });
      try {
        expect(() => statSync(controlSocketPath(env.dataDir))).toThrow();
        await expect(takeBackup({ dataDir: env.dataDir, file: path.join(scratch, "pg.tar.gz") })).rejects.toThrow(/holds no Inkbridge database/);
      } finally {
        await server.stop();
        await database.close();
      }
    });
  });
}
