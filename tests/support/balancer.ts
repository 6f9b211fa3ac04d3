import { connect, createServer, type Server, type Socket } from "node:net";

// A round-robin TCP load balancer for the scale-out tests: each client connection goes to the next
// backend; a backend that refuses the connection is skipped (and left out for a moment), so a
// killed web process costs only the requests it was answering, as behind a real load balancer.

export type Backend = { host: string; port: number };

export type BalancerStats = {
  /** Connections handed to each backend, by "host:port". */
  connections: Record<string, number>;
  /** Connections a refusing backend passed on to the next one. */
  failovers: number;
  /** Connections no backend would take (all down): the client saw its connection closed. */
  dropped: number;
};

const RESTING_MS = 1000;

export class Balancer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly restingUntil = new Map<string, number>();
  private turn = 0;
  private failovers = 0;
  private dropped = 0;
  private readonly counts = new Map<string, number>();
  port = 0;

  constructor(private readonly backends: Backend[]) {}

  async start(port = 0): Promise<number> {
    this.server = createServer({ pauseOnConnect: true }, (client) => {
      this.sockets.add(client);
      client.once("close", () => this.sockets.delete(client));
      client.on("error", () => client.destroy());
      this.route(client, this.order());
    });
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    const address = this.server.address();
    this.port = typeof address === "object" && address ? address.port : port;
    return this.port;
  }

  get url(): string {
    return `http://localhost:${this.port}`;
  }

  stats(): BalancerStats {
    return { connections: Object.fromEntries(this.counts), failovers: this.failovers, dropped: this.dropped };
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  /** The backends to try for one connection: the next in turn first, resting ones last. */
  private order(): Backend[] {
    const start = this.turn++ % this.backends.length;
    const rotated = [...this.backends.slice(start), ...this.backends.slice(0, start)];
    const now = Date.now();
    const isResting = (backend: Backend) => (this.restingUntil.get(key(backend)) ?? 0) > now;
    return [...rotated.filter((backend) => !isResting(backend)), ...rotated.filter(isResting)];
  }

  private route(client: Socket, candidates: Backend[]): void {
    const [backend, ...rest] = candidates;
    if (!backend || client.destroyed) {
      if (!client.destroyed) this.dropped++;
      client.destroy();
      return;
    }
    const upstream = connect(backend.port, backend.host);
    let connected = false;
    upstream.once("connect", () => {
      connected = true;
      this.sockets.add(upstream);
      this.counts.set(key(backend), (this.counts.get(key(backend)) ?? 0) + 1);
      const close = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(upstream);
      };
      upstream.on("close", close);
      client.on("close", close);
      client.pipe(upstream).pipe(client);
      client.resume();
    });
    upstream.on("error", () => {
      if (connected) return;
      // Nothing of the client's request has gone anywhere yet: the next backend gets it whole.
      this.restingUntil.set(key(backend), Date.now() + RESTING_MS);
      upstream.destroy();
      this.failovers++;
      this.route(client, rest);
    });
  }
}

function key(backend: Backend): string {
  return `${backend.host}:${backend.port}`;
}
