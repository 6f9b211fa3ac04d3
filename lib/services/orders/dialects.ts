import type { CanonicalOrderInput, OrderProblem } from "@/lib/domain/order";
import type { RoutingRule } from "@/db/schema/connectors";
import type { OrderPaths } from "./prepare";

// The order dialects (Gelato, SiteFlow) as pure translators, so the order preview (admin API and
// console) runs a pasted order through exactly the code intake uses. The translators live with
// their APIs (api/<dialect>/to-order.ts) and register here (api/dialects.ts); the registry sits on
// globalThis so the console, compiled into Next, sees what server.ts registered.

export type DialectName = "gelato" | "siteflow";

export type DialectParse =
  | { ok: true; input: CanonicalOrderInput; paths: OrderPaths }
  | { ok: false; problems: OrderProblem[] };

export type Dialect = {
  name: DialectName;
  label: string;
  /** Translates a parsed request body into the canonical order, or says what is wrong. */
  parse(body: unknown, options: { routingRule?: RoutingRule }): DialectParse;
};

export type DialectRegistry = Partial<Record<DialectName, Dialect>>;

declare global {
  var __inkbridgeDialects: DialectRegistry | undefined;
}

/** The registered dialects; one object per process, so a test may swap a dialect in and out. */
export function dialectRegistry(): DialectRegistry {
  globalThis.__inkbridgeDialects ??= {};
  return globalThis.__inkbridgeDialects;
}

export function registerDialect(dialect: Dialect): void {
  dialectRegistry()[dialect.name] = dialect;
}
