import type { CanonicalOrderInput, OrderProblem } from "@/lib/domain/order";
import type { OrderPaths } from "@/lib/services/orders/prepare";
import type { RoutingRule } from "@/db/schema/connectors";
import { gelatoDialect } from "./gelato/to-order";
import { siteflowDialect } from "./siteflow/to-order";

// The order dialects (Gelato, SiteFlow) as pure translators, so the order preview (admin API
// and console) runs a pasted order through exactly the code intake uses.

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

export const dialects: Partial<Record<DialectName, Dialect>> = {
  gelato: gelatoDialect,
  siteflow: siteflowDialect,
};
