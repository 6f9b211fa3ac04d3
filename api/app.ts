import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from "fastify";
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { jsonSchemaTransform, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { Logger } from "@/lib/log";
import { getEnv } from "@/lib/env";
import { getMetrics } from "@/lib/metrics";
import { apiContentSecurityPolicy, securityHeaders } from "@/lib/security-headers";
import { version } from "@/lib/version";
import { zodValidatorCompiler } from "./plugins/validation";
import { decorateActor } from "./plugins/request-context";
import { healthRoutes } from "./health";
import "./dialects";
import { useLoadShedding } from "./plugins/load-shedding";
import { limitNextBody } from "./plugins/body-limit";
import { hasPageSizedQuery, maxPageQueryValue, refuseUnsafeUrls } from "./plugins/url-guard";
import { adminApi } from "./admin";
import { siteflowApi } from "./siteflow";
import { gelatoApi } from "./gelato";
import { webhooksApi } from "./webhooks";
import { toGelatoError } from "./gelato/errors";
import { toSiteflowError } from "./siteflow/errors";
import { AppError } from "@/lib/errors";
import { filteredDocument } from "./docs";

export type NextHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export type BuildApiOptions = {
  logger: Logger;
  /** Every request Fastify does not route goes to Next (console, portal, Auth.js, actions). */
  next?: NextHandler;
};

const requestIdPattern = /^[A-Za-z0-9._:-]{1,100}$/;

export async function buildApi(options: BuildApiOptions): Promise<FastifyInstance> {
  const env = getEnv();
  const app = Fastify({
    loggerInstance: options.logger as unknown as FastifyServerOptions["loggerInstance"],
    // Per-request lines are left out (the metrics histogram covers them); errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    connectionTimeout: 0,
    requestTimeout: 60_000,
    keepAliveTimeout: 72_000,
    // A request whose headers take longer than this is dropped (slow-loris defence).
    http: { headersTimeout: 15_000 },
    return503OnClosing: true,
    // request.ip is the client address everywhere (throttles, rate limits, sessions, and Next via
    // x-inkbridge-client-ip): X-Forwarded-For counts only from the proxies TRUST_PROXY names.
    trustProxy: trustProxyOption(env.TRUST_PROXY),
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && requestIdPattern.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 500, ignoreTrailingSlash: true },
    frameworkErrors: (error, request, reply) => {
      const { status, body } = frameworkErrorReply(error, request.url);
      reply.raw.writeHead(status, { "content-type": "application/json; charset=utf-8", "x-request-id": request.id });
      reply.raw.end(JSON.stringify(body));
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(zodValidatorCompiler);
  // Responses are built by our own code; the schemas document them but are not re-validated.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  decorateActor(app);

  const metrics = getMetrics();
  const headers = securityHeaders(env);
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
    // On the raw response, so answers Next writes after the hand-over carry them too.
    for (const [name, value] of Object.entries(headers)) reply.raw.setHeader(name, value);
  });
  // Fastify's own answers (never Next's, which are hijacked): a strict policy unless a route set
  // its own (the API docs), and no caching: API answers are per caller and some carry secrets.
  app.addHook("onSend", async (_request, reply) => {
    if (!reply.hasHeader("content-security-policy")) reply.header("content-security-policy", apiContentSecurityPolicy);
    if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
  });
  app.addHook("onRequest", refuseUnsafeUrls);
  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url;
    if (!route || route === "/*") return;
    metrics.httpRequests.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) request.log.warn({ method: request.method, route, status: reply.statusCode }, "request failed");
  });

  // Shed load only when the process is truly stuck: event loop lag above one second, sustained.
  await useLoadShedding(app);

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Inkbridge",
        version,
        description: "Order intake (Gelato and Site Flow dialects) and the partner admin API of Inkbridge.",
      },
      servers: [{ url: env.APP_URL }],
      components: {
        securitySchemes: {
          adminToken: { type: "http", scheme: "bearer", description: "Partner admin API token" },
          staffBasic: { type: "http", scheme: "basic", description: "Staff email and password (POST /tokens only)" },
          gelatoKey: { type: "apiKey", in: "header", name: "X-API-KEY", description: "`<apiKey>:<secret>` of a Gelato API connector" },
          siteflowHmac: {
            type: "apiKey",
            in: "header",
            name: "x-oneflow-authorization",
            description: "`<apiKey>:<hex HMAC(secret, METHOD path date)>` with x-oneflow-date and x-oneflow-algorithm",
          },
        },
      },
    },
    transform: jsonSchemaTransform,
  });

  await app.register(healthRoutes);
  await app.register(adminApi, { prefix: "/api/admin/v1" });
  await app.register(siteflowApi, { prefix: "/api/siteflow" });
  await app.register(gelatoApi, { prefix: "/api/gelato" });
  await app.register(webhooksApi, { prefix: "/api/webhooks" });
  await app.register(async (docs) => {
    for (const part of ["admin", "gelato", "siteflow"] as const) {
      docs.get(`/api/docs/${part}.json`, { schema: { hide: true } }, async () => filteredDocument(app.swagger() as never, part));
    }
  });
  await app.register(swaggerUi, {
    routePrefix: "/api/docs",
    uiConfig: {
      urls: [
        { url: "/api/docs/admin.json", name: "Partner admin API" },
        { url: "/api/docs/gelato.json", name: "Gelato dialect" },
        { url: "/api/docs/siteflow.json", name: "SiteFlow dialect" },
      ],
      docExpansion: "list",
      deepLinking: true,
    },
    staticCSP: true,
  });

  // Machine-facing routes above; everything else belongs to Next. The fallback lives in its own
  // scope with no body parsing, so form posts, server actions and Auth.js see untouched bodies.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_request, _payload, done) => done(null));
    scope.all("/*", { schema: { hide: true } }, async (request, reply) => {
      if (request.url.startsWith("/api/") && !isNextApiPath(request.url)) {
        return reply.status(404).send({ error: { code: "not_found", message: `No route ${request.method} ${request.url.split("?")[0]}` } });
      }
      if (!options.next) return reply.status(404).send({ error: { code: "not_found", message: "The web console is not served by this process" } });
      if (!isSameOriginWrite(request.method, request.headers, env.APP_URL)) {
        return reply.status(403).type("text/plain").send("Cross-site request refused");
      }
      if (!hasPageSizedQuery(request.url)) {
        return reply.status(400).type("text/plain").send(`The URL is not valid: a query value is longer than ${maxPageQueryValue} characters`);
      }
      // Next reads the client address and path from these headers; whatever a client sent is replaced.
      request.raw.headers["x-inkbridge-client-ip"] = request.ip;
      request.raw.headers["x-inkbridge-path"] = request.url;
      // Pages get their nonce policy from proxy.ts; Auth.js's JSON and redirects get the API's.
      if (request.url.startsWith("/api/")) reply.raw.setHeader("content-security-policy", apiContentSecurityPolicy);
      reply.hijack();
      if (!limitNextBody(request.raw, reply.raw)) return;
      await options.next(request.raw, reply.raw);
    });
  });

  return app;
}

/** Browser routes under /api/ that need the signed-in session live in Next: Auth.js and shop OAuth. */
function isNextApiPath(url: string): boolean {
  return url.startsWith("/api/auth/") || url.startsWith("/api/stores/");
}

/** TRUST_PROXY as Fastify takes it: a hop count trusts that many proxies in front of us. */
export function trustProxyOption(setting: number | string[] | undefined): FastifyServerOptions["trustProxy"] {
  if (setting === undefined) return false;
  if (typeof setting === "number") return (_address: string, hop: number) => hop < setting;
  return setting;
}

/**
 * Errors the router raises before any surface sees the request (a malformed percent-encoding,
 * an over-long path segment), answered in the dialect of the surface the URL belongs to.
 */
export function frameworkErrorReply(error: { code?: string }, url: string): { status: number; body: unknown } {
  const appError =
    error.code === "FST_ERR_MAX_PARAM_LENGTH"
      ? new AppError("not_found", "No such resource: a path segment is longer than 500 characters")
      : new AppError("bad_request", "The URL is not valid: check its percent-encoding");
  if (url.startsWith("/api/gelato/")) return toGelatoError(appError);
  if (url.startsWith("/api/siteflow/")) return toSiteflowError(appError);
  return { status: appError.status, body: { error: { code: appError.code, message: appError.message } } };
}

/**
 * CSRF defence for the console and portal: a state-changing browser request must come from our
 * own origin. Browsers always send Origin (or Sec-Fetch-Site) on such requests; requests with
 * neither are not from a browser and carry no ambient cookies worth protecting.
 */
export function isSameOriginWrite(method: string, headers: Record<string, string | string[] | undefined>, appUrl: string): boolean {
  if (["GET", "HEAD", "OPTIONS"].includes(method)) return true;
  const origin = headers.origin;
  const site = headers["sec-fetch-site"];
  if (typeof origin === "string" && origin !== "null") {
    const host = headers["x-forwarded-host"] ?? headers.host;
    const allowed = new Set([new URL(appUrl).origin]);
    if (typeof host === "string") {
      allowed.add(`http://${host}`);
      allowed.add(`https://${host}`);
    }
    return allowed.has(origin);
  }
  if (origin === "null") return false;
  if (typeof site === "string") return site === "same-origin" || site === "none";
  return true;
}
