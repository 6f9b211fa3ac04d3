import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inArray } from "drizzle-orm";
import { orderItems, orderShipments, orders } from "@/db/schema";
import { parseEnv } from "@/lib/env";
import { createLogger } from "@/lib/log";
import { startServer, type RunningServer } from "@/server";
import { createTestDatabase } from "@/db/test-db";
import { testDatabaseKind, testEnv } from "@/tests/support/runtime";
import { callGelato, documentedExampleOrder, seedGelato } from "@/api/gelato/test-fixtures";
import { BackupError, controlSocketPath, restoreBackup, takeBackup } from "./index";

const scratch = mkdtempSync(path.join(os.tmpdir(), "inkbridge-backup-"));
const servers: RunningServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function start(dataDir: string): Promise<RunningServer> {
  const env = parseEnv({ NODE_ENV: "test", DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", WORKER: "off", CONNECTOR_RATE_LIMIT: "1000000" });
  const server = await startServer({ env, next: "none", logger: createLogger("silent") });
  servers.push(server);
  return server;
}

/** `npm run <script> -- <file>` the way an operator runs it, with its output drained as it comes. */
async function npmRun(script: "backup" | "restore", file: string, dataDir: string): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  const child = spawn("npm", ["run", "--silent", script, "--", file], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { code, output, ms: Date.now() - started };
}

if (testDatabaseKind === "pglite") {
  describe("npm run backup and npm run restore (embedded database)", () => {
    it("a backup taken while clients keep posting Gelato orders restores to every order acknowledged before it began, none half-written", async () => {
      const source = path.join(scratch, "source");
      const server = await start(source);
      const seed = await seedGelato(server.database.db);
      const acknowledged: Array<{ reference: string; at: number }> = [];
      const failures: number[] = [];
      let loading = true;
      let sent = 0;
      const client = async (clientIndex: number) => {
        while (loading) {
          const reference = `LOAD-${clientIndex}-${sent++}`;
          const response = await callGelato(server.url, "POST", "/v4/orders", { key: seed.keys.acme, body: documentedExampleOrder(reference) });
          if (response.status >= 200 && response.status < 300) acknowledged.push({ reference, at: Date.now() });
          else failures.push(response.status);
        }
      };
      const clients = [0, 1, 2].map(client);
      while (acknowledged.length < 10) await new Promise((resolve) => setTimeout(resolve, 50));

      const file = path.join(scratch, "backup.tar.gz");
      const backupStarted = Date.now();
      const backup = await npmRun("backup", file, source);
      const backupEnded = Date.now();
      // Load goes on a little after the copy, then stops.
      await new Promise((resolve) => setTimeout(resolve, 500));
      loading = false;
      await Promise.all(clients);
      expect(backup.output).toMatch(/taken by the running server/);
      expect(backup.code).toBe(0);
      expect(failures).toEqual([]);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const before = acknowledged.filter((order) => order.at < backupStarted).map((order) => order.reference);
      const during = acknowledged.filter((order) => order.at >= backupStarted && order.at <= backupEnded).length;
      console.info(
        `backup under load: ${before.length} orders acknowledged before, ${during} during the ${backup.ms} ms of npm run backup, ${acknowledged.length} in all; ${statSync(file).size} bytes`,
      );

      const target = path.join(scratch, "restored");
      const restore = await npmRun("restore", file, target);
      expect(restore.code, restore.output).toBe(0);
      expect(readFileSync(path.join(target, "encryption-key"), "utf8")).toBe(readFileSync(path.join(source, "encryption-key"), "utf8"));
      const copy = await start(target);
      const rows = await copy.database.db.select({ id: orders.id, externalId: orders.externalId }).from(orders);
      const restored = new Set(rows.map((row) => row.externalId));
      expect(before.filter((reference) => !restored.has(reference))).toEqual([]);
      expect(restore.output).toContain(`${rows.length} orders`);
      // Nothing the clients did not send, and every order whole: its item and its shipment.
      const sentReferences = new Set(acknowledged.map((order) => order.reference));
      expect([...restored].filter((reference) => !sentReferences.has(reference))).toEqual([]);
      const ids = rows.map((row) => row.id);
      const items = await copy.database.db.select({ orderId: orderItems.orderId }).from(orderItems).where(inArray(orderItems.orderId, ids));
      const shipments = await copy.database.db.select({ orderId: orderShipments.orderId }).from(orderShipments).where(inArray(orderShipments.orderId, ids));
      expect(items.length).toBe(rows.length);
      expect(new Set(items.map((item) => item.orderId)).size).toBe(rows.length);
      expect(new Set(shipments.map((shipment) => shipment.orderId)).size).toBe(rows.length);

      // The stopped folder is copied directly and holds every acknowledged order.
      await servers.shift()!.stop();
      const stopped = await takeBackup({ dataDir: source, file: path.join(scratch, "stopped.tar.gz") });
      expect(stopped.via).toBe("direct");
      expect(stopped.keys).toEqual(["encryption-key", "auth-secret"]);
      expect((await restoreBackup({ file: path.join(scratch, "stopped.tar.gz"), dataDir: path.join(scratch, "restored-stopped") })).orders).toBe(acknowledged.length);

      const occupied = mkdtempSync(path.join(scratch, "occupied-"));
      writeFileSync(path.join(occupied, "notes.txt"), "");
      await expect(restoreBackup({ file, dataDir: occupied })).rejects.toThrow(BackupError);
      await expect(restoreBackup({ file, dataDir: source })).rejects.toThrow(/not empty/);
      await expect(restoreBackup({ file: path.join(source, "encryption-key"), dataDir: path.join(scratch, "other") })).rejects.toThrow(/not an Inkbridge backup/);
    }, 120_000);

    it("gives up with a message when the server holding the folder accepts the request and never answers", async () => {
      const dataDir = path.join(scratch, "silent");
      mkdirSync(dataDir);
      const held: Socket[] = [];
      const silent = createServer((connection) => held.push(connection));
      await new Promise<void>((resolve) => silent.listen(controlSocketPath(dataDir), resolve));
      try {
        await expect(takeBackup({ dataDir, file: path.join(scratch, "silent.tar.gz"), timeoutMs: 300 })).rejects.toThrow(/did not answer within/);
      } finally {
        for (const connection of held) connection.destroy();
        await new Promise((resolve) => silent.close(resolve));
      }
    });
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
