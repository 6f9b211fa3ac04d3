import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { productLinks, storeVariants } from "@/db/schema";
import type { PublishRequest } from "@/connectors/types";
import { AppError } from "@/lib/errors";
import { createId } from "@/lib/ids";
import { actorLabel, withTransaction, type ServiceContext } from "../context";
import { audit } from "../audit";
import { parseInput } from "../parse";
import { authorizeStoreChange, getStoreRowOrThrow, onBehalfOf } from "./access";
import { checkLinkTarget } from "./link-variant";
import { openStore } from "./session";
import { isShopError, settleShopError } from "./shop-errors";
import { upsertVariantPage } from "./sync-products";
import { publishProductInput, type PublishedProductView } from "./schemas";

const skuPart = (value: string) =>
  value
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toUpperCase()
    .slice(0, 40);

/** Every combination of the options' values, in order. */
function combinations(options: ReadonlyArray<{ name: string; values: string[] }>): Array<Record<string, string>> {
  return options.reduce<Array<Record<string, string>>>((sets, option) => sets.flatMap((set) => option.values.map((value) => ({ ...set, [option.name]: value }))), [{}]);
}

/**
 * Creates a product in the shop from a catalog product the customer may use (options → variants
 * with generated SKUs, one price), then links the new product to it at once with the attached
 * design files, so its first order goes straight to production.
 */
export async function publishProduct({ ctx, storeId, input }: { ctx: ServiceContext; storeId: string; input: z.input<typeof publishProductInput> }): Promise<PublishedProductView> {
  const data = parseInput(publishProductInput, input);
  const store = await getStoreRowOrThrow(ctx, storeId);
  authorizeStoreChange(ctx, store.customerId);
  if (store.status !== "connected") throw new AppError("conflict", `The store is ${store.status}: reconnect it before publishing`);
  const product = await checkLinkTarget(ctx, store.customerId, data.productUid, data.files, "files");
  const catalogOptions = Object.entries(product.options).map(([name, value]) => ({ name, values: [value] }));
  const options = data.options?.length ? data.options : catalogOptions.length ? catalogOptions : [{ name: "Title", values: ["Default Title"] }];
  const variants = combinations(options);
  if (variants.length > 2048) throw new AppError("validation_failed", "Too many variants", { details: [{ path: "options", message: `${variants.length} combinations; at most 2,048` }] });
  const request: PublishRequest = {
    title: data.title ?? product.title,
    ...(data.description ?? product.description ? { descriptionHtml: data.description ?? product.description ?? "" } : {}),
    status: data.status,
    options,
    variants: variants.map((optionValues) => ({ optionValues, price: data.price, sku: [skuPart(product.productUid), ...Object.values(optionValues).map(skuPart)].filter(Boolean).join("-") })),
  };
  const opened = openStore(ctx, store);
  let published;
  try {
    published = await opened.connector.publishProduct(opened.session, request);
  } catch (error) {
    if (!isShopError(error)) throw error;
    await settleShopError(ctx, store, error);
    if (error.kind === "rejected") throw new AppError("validation_failed", `The shop refused the product: ${error.message}`, { details: [{ path: error.details.field ?? "productUid", message: error.message }] });
    throw new AppError("upstream_unavailable", `The shop could not be reached: ${error.message}`);
  }
  const link = await withTransaction(ctx, async (tx) => {
    await upsertVariantPage(tx, storeId, published.variants, new Date());
    const [saved] = await tx.db
      .insert(productLinks)
      .values({
        id: createId("link"),
        storeId,
        customerId: store.customerId,
        externalProductId: published.externalProductId,
        externalVariantId: null,
        productUid: product.productUid,
        files: data.files,
        createdBy: actorLabel(ctx.actor),
      })
      .returning();
    // The variants were written before the link existed.
    await tx.db
      .update(storeVariants)
      .set({ linkState: "linked", attentionReason: null })
      .where(and(eq(storeVariants.storeId, storeId), eq(storeVariants.externalProductId, published.externalProductId)));
    await audit(tx, { action: "store.publish", entityType: "product_link", entityId: saved!.id, customerId: store.customerId, after: { externalProductId: published.externalProductId, productUid: product.productUid, variants: published.variants.length, ...onBehalfOf(ctx, store.customerId) } });
    return saved!;
  });
  return { externalProductId: published.externalProductId, linkId: link.id, productUid: product.productUid, variants: published.variants };
}
