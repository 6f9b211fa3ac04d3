import { getProductRowByUid, createProduct, updateProduct } from "./products";
import { isAppError } from "@/lib/errors";
import type { ServiceContext } from "../context";
import { authorize } from "../permissions";
import type { ProductView } from "./schemas";
import { toProductView } from "./view";

/** A product a fresh install can take a first test order for; staff edit or deactivate it like any other. */
export const sampleProduct = {
  productUid: "sample_poster_a4_matte",
  title: "Sample poster A4, matte",
  description: "A4 portrait poster on 170 g matte paper, printed on one side. Added as a sample so a first test order resolves.",
  options: { size: "A4", orientation: "portrait", paper: "matte-170" },
  fileTypes: ["default"],
} as const;

/**
 * Adds the sample product to the catalog (one click on an empty catalog). Asking again returns
 * the product already there, active again if it had been deactivated.
 */
export async function addSampleProduct({ ctx }: { ctx: ServiceContext }): Promise<ProductView> {
  authorize(ctx, "write");
  try {
    return await createProduct({ ctx, input: { ...sampleProduct, options: { ...sampleProduct.options }, fileTypes: [...sampleProduct.fileTypes] } });
  } catch (error) {
    if (!isAppError(error) || error.code !== "conflict") throw error;
    const existing = toProductView(await getProductRowByUid(ctx, sampleProduct.productUid));
    return existing.active ? existing : updateProduct({ ctx, productUid: existing.productUid, input: { active: true } });
  }
}
