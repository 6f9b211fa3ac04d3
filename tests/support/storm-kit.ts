import { randomInt } from "node:crypto";
import { startAppServer, type AppServer } from "./app-server";

// Pieces the storms share: a server that is SIGKILLed and restarted on the same port and data,
// and an admin API client that rides through the restarts.

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type StormServer = {
  readonly url: string;
  readonly kills: number;
  /** Exits nobody asked for, with the end of the server's output. */
  readonly crashes: string[];
  /** SIGKILL the server, then start it again on the same port and data. */
  killAndRestart(): Promise<void>;
  /** Kill every 1–3 s while `keepGoing()` holds; resolves once it stops. */
  killWhile(keepGoing: () => boolean, log?: (line: string) => void): Promise<void>;
  stop(): Promise<void>;
};

export async function startStormServer(options: Parameters<typeof startAppServer>[0] & { port: number }): Promise<StormServer> {
  let kills = 0;
  const crashes: string[] = [];
  let stopping = false;
  // A server that dies by itself is a finding: record it and start it again so the storm goes on.
  const watch = (running: AppServer) => {
    running.process.once("exit", (code, signal) => {
      if (stopping || running !== server) return;
      crashes.push(`exit ${code ?? signal}: ${running.output().slice(-2000)}`);
      void startAppServer(options).then((next) => watch((server = next)));
    });
  };
  let server: AppServer = await startAppServer(options);
  watch(server);
  // A test that times out abandons the storm: its server must not outlive the test process.
  const orphanGuard = () => void server.process.kill("SIGKILL");
  process.once("exit", orphanGuard);
  const storm: StormServer = {
    url: server.url,
    get kills() {
      return kills;
    },
    crashes,
    async killAndRestart() {
      stopping = true;
      await server.stop("SIGKILL");
      kills++;
      server = await startAppServer(options);
      stopping = false;
      watch(server);
    },
    async killWhile(keepGoing, log) {
      while (keepGoing()) {
        await sleep(1000 + randomInt(2000));
        if (!keepGoing()) return;
        const killedAt = Date.now();
        await storm.killAndRestart();
        log?.(`kill ${kills}, back in ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
      }
    },
    async stop() {
      stopping = true;
      process.off("exit", orphanGuard);
      await server.stop("SIGTERM");
    },
  };
  return storm;
}

export type AdminAnswer<T> = { status: number; body: T };

/**
 * The partner admin API with the bootstrap admin's Basic credentials, retrying through restarts:
 * no answer, 5xx and 429 are tried again; any other status is returned to the caller.
 */
export function adminClient(baseUrl: string, credentials: { email: string; password: string }) {
  const authorization = `Basic ${Buffer.from(`${credentials.email}:${credentials.password}`).toString("base64")}`;
  let token: string | undefined;
  async function call<T>(method: string, url: string, body?: unknown): Promise<AdminAnswer<T>> {
    for (;;) {
      try {
        const response = await fetch(`${baseUrl}/api/admin/v1${url}`, {
          method,
          headers: { "content-type": "application/json", authorization: token ? `Bearer ${token}` : authorization },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
        const text = await response.text();
        if (response.status >= 500 || response.status === 429) throw new Error(String(response.status));
        return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
      } catch {
        await sleep(200 + randomInt(200));
      }
    }
  }
  async function ok<T>(method: string, url: string, body?: unknown): Promise<T> {
    const answer = await call<T>(method, url, body);
    if (answer.status >= 300) throw new Error(`${method} ${url}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    return answer.body;
  }
  /** Every item of a cursor-paged list. */
  async function all<T>(url: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const separator = url.includes("?") ? "&" : "?";
      const page: { data: T[]; nextCursor: string | null } = await ok("GET", `${url}${separator}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      items.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }
  return {
    call,
    ok,
    all,
    /** Switch from Basic to a bearer token (Basic costs an argon2 check per call). */
    async useToken() {
      token = (await ok<{ token: string }>("POST", "/tokens", { name: `storm ${Date.now()}` })).token;
    },
  };
}
