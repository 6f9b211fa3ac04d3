import { dialectRegistry, registerDialect } from "@/lib/services/orders/dialects";
import { gelatoDialect } from "./gelato/to-order";
import { siteflowDialect } from "./siteflow/to-order";

// Registers the order APIs' translators for the order preview (lib/services/orders/dialects.ts).

registerDialect(gelatoDialect);
registerDialect(siteflowDialect);

export const dialects = dialectRegistry();
export type { Dialect, DialectName, DialectParse } from "@/lib/services/orders/dialects";
