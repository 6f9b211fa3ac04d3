import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { freePort, startAppServer, type AppServer } from "./app-server";
import { Balancer } from "./balancer";

// Inkbridge scaled out on PostgreSQL: N web processes (`npm start` with WORKER=off) behind a
// round-robin balancer and M job workers (`npm run worker`), every one a process of its own that a
// test may SIGKILL and start again. All share DATABASE_URL, REDIS_URL, the keys and APP_URL (the
// balancer's address, so shops deliver their webhooks through it).

export type ProcessKind = "web" | "worker";

export type ScaleCluster = {
  /** The balancer's address: APP_URL of every process. */
  readonly url: string;
  readonly balancer: Balancer;
  /** SIGKILLs by kind. */
  readonly kills: Record<ProcessKind, number>;
  /** Exits nobody asked for, with the end of the process's output. */
  readonly crashes: string[];
  kill(kind: ProcessKind, index: number): Promise<void>;
  restart(kind: ProcessKind, index: number): Promise<void>;
  stop(): Promise<void>;
};

export type ScaleClusterOptions = {
  webs: number;
  workers: number;
  /** Balancer port chosen beforehand, when APP_URL had to be known before the processes start. */
  balancerPort?: number;
  databaseUrl: string;
  /** Environment for every process (DATABASE_URL, APP_URL and WORKER are set here). */
  env: Record<string, string>;
};

type Slot = { kind: ProcessKind; index: number; process?: ChildProcess; output: () => string; stop: (signal: NodeJS.Signals) => Promise<void>; expectedExit: boolean };

const root = path.resolve(import.meta.dirname, "../..");

export async function startScaleCluster(options: ScaleClusterOptions): Promise<ScaleCluster> {
  const dataRoot = mkdtempSync(path.join(os.tmpdir(), "inkbridge-scale-"));
  const webPorts = await Promise.all(Array.from({ length: options.webs }, () => freePort()));
  const balancer = new Balancer(webPorts.map((port) => ({ host: "127.0.0.1", port })));
  await balancer.start(options.balancerPort ?? 0);
  const env = { ...options.env, DATABASE_URL: options.databaseUrl, APP_URL: balancer.url };
  const sql = postgres(options.databaseUrl, { max: 1, onnotice: () => undefined });
  const kills: Record<ProcessKind, number> = { web: 0, worker: 0 };
  const crashes: string[] = [];
  let stopping = false;

  const watch = (slot: Slot) => {
    const child = slot.process!;
    child.once("exit", (code, signal) => {
      if (stopping || slot.expectedExit || slot.process !== child) return;
      crashes.push(`${slot.kind} ${slot.index} exit ${code ?? signal}: ${slot.output().slice(-2000)}`);
      void launch(slot).catch((error: unknown) => crashes.push(`${slot.kind} ${slot.index} did not start again: ${String(error)}`));
    });
  };

  async function launchWeb(slot: Slot): Promise<void> {
    const server: AppServer = await startAppServer({ port: webPorts[slot.index], dataDir: path.join(dataRoot, `web-${slot.index}`), env: { ...env, WORKER: "off" } });
    slot.process = server.process;
    slot.output = server.output;
    slot.stop = async (signal) => void (await server.stop(signal));
  }

  async function launchWorker(slot: Slot): Promise<void> {
    // One process, as `npm run worker` (tsx) is: `node --import tsx` leaves no wrapper that a SIGKILL would orphan.
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
      cwd: root,
      env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "warn", DATA_DIR: path.join(dataRoot, `worker-${slot.index}`), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-20_000));
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    slot.process = child;
    slot.output = () => output;
    slot.stop = async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    };
    // Ready once its queue has checked in: it works jobs from then on.
    const deadline = Date.now() + 90_000;
    while ((await sql`select 1 from queue_workers where pid = ${child.pid!}`).length === 0) {
      if (child.exitCode !== null) throw new Error(`worker ${slot.index} exited early (code ${child.exitCode}):\n${output}`);
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`worker ${slot.index} did not check in within 90 s:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async function launch(slot: Slot): Promise<void> {
    slot.expectedExit = false;
    await (slot.kind === "web" ? launchWeb(slot) : launchWorker(slot));
    watch(slot);
  }

  const newSlot = (kind: ProcessKind, index: number): Slot => ({ kind, index, output: () => "", stop: async () => undefined, expectedExit: false });
  const slots: Record<ProcessKind, Slot[]> = {
    web: Array.from({ length: options.webs }, (_, index) => newSlot("web", index)),
    worker: Array.from({ length: options.workers }, (_, index) => newSlot("worker", index)),
  };
  // A test that times out abandons the cluster: its processes must not outlive the test process.
  const orphanGuard = () => [...slots.web, ...slots.worker].forEach((slot) => slot.process?.kill("SIGKILL"));
  process.once("exit", orphanGuard);

  const stopAll = async () => {
    stopping = true;
    process.off("exit", orphanGuard);
    await Promise.all([...slots.web, ...slots.worker].map((slot) => slot.stop("SIGTERM")));
    await balancer.stop();
    await sql.end();
    rmSync(dataRoot, { recursive: true, force: true });
  };
  try {
    await Promise.all([...slots.web, ...slots.worker].map(launch));
  } catch (error) {
    await stopAll();
    throw error;
  }

  return {
    url: balancer.url,
    balancer,
    kills,
    crashes,
    async kill(kind, index) {
      const slot = slots[kind][index]!;
      slot.expectedExit = true;
      await slot.stop("SIGKILL");
      kills[kind]++;
    },
    async restart(kind, index) {
      await launch(slots[kind][index]!);
    },
    stop: stopAll,
  };
}
