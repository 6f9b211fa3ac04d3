import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { pgliteTemplateDir } from "@/db/test-db";

export type AppServer = {
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** The bootstrap admin's password, printed once on first start. */
  adminPassword(): string | undefined;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Runs the real server the way `npm start` does (scripts/start.mjs: lock, build check, Fastify
 * and Next on one port) in a child process with its own DATA_DIR, and waits until it is healthy.
 * On the embedded database, a DATA_DIR without a database gets a copy of the migrated template.
 */
export async function startAppServer(
  options: {
    env?: Record<string, string>;
    dataDir?: string;
    port?: number;
    waitForHealth?: boolean;
    nodeArgs?: string[];
    /** Let the server create its embedded database from nothing (initdb and every migration), as on a first `npm start`. */
    freshDatabase?: boolean;
  } = {},
): Promise<AppServer> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "inkbridge-e2e-"));
  const url = `http://localhost:${port}`;
  // A new embedded database starts as a copy of the migrated template rather than from initdb.
  const pgliteDir = path.join(dataDir, "pglite");
  if (!options.env?.DATABASE_URL && !options.freshDatabase && !existsSync(pgliteDir)) cpSync(await pgliteTemplateDir(), pgliteDir, { recursive: true });
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "scripts/start.mjs"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: url,
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: "",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const server: AppServer = {
    url,
    port,
    dataDir,
    process: child,
    output: () => output,
    adminPassword: () => /password:\s+(\S+)/.exec(output)?.[1],
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await exited;
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
  if (options.waitForHealth === false) return server;

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited early (code ${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) {
        // Next is prepared right after Fastify listens; wait until pages answer too.
        const page = await fetch(`${url}/sign-in`);
        if (page.status === 200) return server;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The server did not become healthy within 90 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
