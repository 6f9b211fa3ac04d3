import { z } from "zod";
import { connectorTypes } from "@/db/schema/enums";

const routingRule = z.object({
  key: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, "use letters, digits, - and _ only"),
  name: z.string().trim().min(1).max(100),
  tags: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
  priority: z.enum(["normal", "rush"]).optional(),
  hold: z.boolean().optional(),
});

export const createConnectorInput = z.object({
  type: z.enum(connectorTypes),
  name: z.string().trim().min(1).max(100),
});

export const createSharedConnectorInput = createConnectorInput.extend({ allCustomers: z.literal(true) });

export const updateConnectorInput = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  routingRules: z
    .array(routingRule)
    .max(50)
    .refine((rules) => new Set(rules.map((rule) => rule.key)).size === rules.length, { message: "routing rule keys must be unique" })
    .optional(),
});

export type ConnectorEndpoints = Record<string, string>;

export type ConnectorView = {
  id: string;
  customerId: string | null;
  type: "gelato" | "siteflow";
  name: string;
  apiKey: string;
  routingRules: z.infer<typeof routingRule>[];
  endpoints: ConnectorEndpoints;
  createdAt: string;
  updatedAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};
