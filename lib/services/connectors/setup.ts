import { getEnv } from "@/lib/env";
import { sampleArtworkUrl } from "@/lib/files/sample";
import type { ServiceContext } from "../context";
import { listProducts } from "../catalog/products";
import { listShippingMethods } from "../catalog/shipping-methods";
import type { ConnectorView } from "./schemas";
import type { SnippetSetup } from "./guide";

/** What the example snippets need besides the secret: endpoints, a real product, the account name. */
export async function getSnippetSetup({ ctx, connector }: { ctx: ServiceContext; connector: ConnectorView }): Promise<SnippetSetup> {
  const [products, methods] = await Promise.all([listProducts({ ctx, input: { active: true, limit: 1 } }), listShippingMethods({ ctx })]);
  const product = products.data[0];
  return {
    type: connector.type,
    apiKey: connector.apiKey,
    endpoints: connector.endpoints,
    shared: connector.customerId === null,
    siteflowAccount: getEnv().SITEFLOW_ACCOUNT,
    sample: product ? { productUid: product.productUid, fileType: product.fileTypes[0] ?? "default" } : null,
    shippingMethod: methods.find((method) => method.active)?.uid ?? null,
    artworkUrl: sampleArtworkUrl(getEnv().APP_URL),
  };
}
