import { z } from "zod";
import { pageInput } from "../pagination";

const trimmed = (max: number) => z.string().trim().min(1).max(max);

export const createCustomerInput = z.object({
  name: trimmed(200),
  referenceId: trimmed(100).nullish(),
  description: z.string().trim().max(2000).nullish(),
});

export const updateCustomerInput = z.object({
  name: trimmed(200).optional(),
  referenceId: trimmed(100).nullish(),
  description: z.string().trim().max(2000).nullish(),
  catalogAccess: z.enum(["all", "selected"]).optional(),
});

export const listCustomersInput = pageInput.extend({
  q: z.string().trim().max(200).optional(),
  active: z.union([z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")]).optional(),
});

export type CustomerView = {
  id: string;
  name: string;
  referenceId: string | null;
  description: string | null;
  catalogAccess: "all" | "selected";
  storefront: { enabled: boolean; enabledAt: string | null };
  /** Set while the customer is deactivated (no intake on any channel). */
  deactivatedAt: string | null;
  createdAt: string;
  updatedAt: string;
};
