import { z } from "zod";
import { pageInput } from "../pagination";

export const productUidSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:/+-]+$/, "use letters, digits and . _ : / + - only");

const fileType = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9_-]+$/, "use lowercase letters, digits, - and _");

export const createProductInput = z.object({
  productUid: productUidSchema,
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5000).nullish(),
  options: z.record(z.string().trim().min(1).max(100), z.string().trim().max(200)).default({}),
  fileTypes: z.array(fileType).min(1).max(30).default(["default"]),
  active: z.boolean().default(true),
});

export const updateProductInput = createProductInput.omit({ productUid: true }).partial().extend({
  options: createProductInput.shape.options.unwrap().optional(),
  fileTypes: z.array(fileType).min(1).max(30).optional(),
});

export const listProductsInput = pageInput.extend({
  q: z.string().trim().max(200).optional(),
  active: z.boolean().optional(),
});

export const shippingMethodInput = z.object({
  uid: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._:-]+$/, "use letters, digits and . _ : - only"),
  name: z.string().trim().min(1).max(200),
});

export type ProductView = {
  id: string;
  productUid: string;
  title: string;
  description: string | null;
  options: Record<string, string>;
  fileTypes: string[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
};

export type ShippingMethodView = { id: string; uid: string; name: string; active: boolean; createdAt: string };
