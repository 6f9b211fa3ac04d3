import type { FastifyInstance } from "fastify";
import rateLimit from "@fastify/rate-limit";
import { Redis } from "ioredis";
import { getEnv } from "@/lib/env";

let redis: Redis | undefined;

function sharedRedis(url: string): Redis {
  // Rate limiting must not take the API down with it: short timeouts, no offline queue.
  redis ??= new Redis(url, { connectTimeout: 500, maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  return redis;
}

/**
 * CONNECTOR_RATE_LIMIT requests per second per connector (429 with Retry-After). Runs after the
 * surface's auth hook, so the key is the authenticated connector. Counters live in memory, or in
 * Redis when REDIS_URL is set so every process shares them.
 */
export async function useConnectorRateLimit(scope: FastifyInstance): Promise<void> {
  const env = getEnv();
  await scope.register(rateLimit, {
    global: true,
    hook: "preHandler",
    max: env.CONNECTOR_RATE_LIMIT,
    timeWindow: 1000,
    keyGenerator: (request) => (request.actor?.type === "connector" ? request.actor.connectorId : `ip:${request.ip}`),
    ...(env.REDIS_URL ? { redis: sharedRedis(env.REDIS_URL), nameSpace: "inkbridge-rl:", skipOnError: true } : {}),
    errorResponseBuilder: (_request, context) => {
      const error = new Error(`Rate limit of ${context.max} requests per second exceeded; retry after ${Math.ceil(context.ttl / 1000)} s`) as Error & { statusCode: number };
      error.statusCode = 429;
      return error;
    },
  });
}
