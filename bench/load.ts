// The load generator (autocannon): 20 connections as fast as they go, or a fixed overall rate.
// Shared by the scenarios run in the bench process and by load-child.ts, which runs it in a
// process of its own.
import autocannon from "autocannon";

export type Delivery = { headers: Record<string, string>; body: string };
export type DeliverySource = { path: string; next(): Delivery };
export type LoadResult = { rps: number; p50: number; p99: number; max: number; errors: number; non2xx: number };

export async function runLoad(url: string, request: DeliverySource, options: { seconds: number; rate?: number }): Promise<LoadResult> {
  const result = await autocannon({
    url: `${url}${request.path}`,
    method: "POST",
    connections: 20,
    duration: options.seconds,
    ...(options.rate ? { overallRate: options.rate } : {}),
    requests: [{ setupRequest: (req) => ({ ...req, method: "POST", path: request.path, ...request.next() }) }],
  });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
