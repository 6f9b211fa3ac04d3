import type { FastifyInstance } from "fastify";
import underPressure from "@fastify/under-pressure";

const tickMs = 200;
const window = 4;

/**
 * Load shedding (503 with Retry-After) only while the event loop is lagging more than a second
 * again and again. under-pressure samples once a second and reports "no samples" as infinite
 * lag, so one stall (a GC pause, a busy neighbour process) would otherwise shed a whole second of
 * requests the machine could still carry; our own ticker confirms the lag is sustained.
 */
export async function useLoadShedding(app: FastifyInstance, maxLagMs = 1000): Promise<void> {
  const lags: number[] = [];
  let expected = Date.now() + tickMs;
  const ticker = setInterval(() => {
    const now = Date.now();
    lags.push(Math.max(0, now - expected));
    if (lags.length > window) lags.shift();
    expected = now + tickMs;
  }, tickMs);
  ticker.unref();
  app.addHook("onClose", async () => clearInterval(ticker));
  const sustainedLag = () => (lags.length < window ? 0 : Math.min(...lags));

  await app.register(underPressure, {
    maxEventLoopDelay: maxLagMs,
    exposeStatusRoute: false,
    pressureHandler: (_request, _reply, type) => {
      if (type === "eventLoopDelay" && sustainedLag() < maxLagMs) return undefined;
      const error = new Error("The service is overloaded; retry shortly") as Error & { statusCode: number };
      error.statusCode = 503;
      return Promise.reject(error);
    },
  });
}
