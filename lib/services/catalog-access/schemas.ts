import { z } from "zod";
import { catalogAccessModes } from "@/db/schema/enums";
import { pageInput } from "../pagination";

export const setCatalogAccessInput = z.object({
  mode: z.enum(catalogAccessModes),
  /** The products the customer may use when `mode` is "selected"; replaces the earlier selection. */
  productUids: z.array(z.string().trim().min(1).max(200)).max(10_000).optional(),
});

export const listCustomerProductsInput = pageInput.extend({ q: z.string().trim().max(200).optional() });

export type CatalogProductView = {
  id: string;
  productUid: string;
  title: string;
  description: string | null;
  options: Record<string, string>;
  /** The print areas an item of this product may carry (`default`, `front`, `back`, …). */
  fileTypes: string[];
};

export type CatalogAccessView = {
  customerId: string;
  mode: "all" | "selected";
  productUids: string[];
};

export type CatalogChoiceView = CatalogProductView & { active: boolean; selected: boolean };
