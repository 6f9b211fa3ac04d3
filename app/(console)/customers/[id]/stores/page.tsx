import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Store } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { getCustomer } from "@/lib/services/customers";
import { listStores, webhookUrlFor } from "@/lib/services/stores";
import { isShopifyConnectFailure, isShopifyOAuthConfigured, shopifyConnectFailures } from "@/lib/services/shopify-oauth";
import { isWooConnectFailure, readWooConnectOutcome, wooConnectFailures, type WooConnectFailure } from "@/lib/services/woocommerce-keys";
import { etsyConnectFailures, isEtsyConnectFailure, isEtsyOAuthConfigured } from "@/lib/services/etsy-oauth";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Alert } from "@/components/ui/form";
import { ConnectEtsyLink, ConnectShopifyForm, CustomAppTokenForm } from "@/components/stores/connect-forms";
import { ConnectWooCommerceForm, WooCommerceKeysForm } from "@/components/stores/woocommerce-forms";
import { StoreList } from "@/components/stores/store-list";
import { connectShopifyTokenAction, connectWooCommerceKeysAction, disconnectStoreAction, setApprovalModeAction, syncStoreAction } from "./actions";

export const metadata: Metadata = { title: "Stores" };

export default async function CustomerStoresTab({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireStaff();
  const { id } = await paramsOrNotFound(params);
  const customer = await pageOrNotFound(getCustomer({ ctx, customerId: id }));
  const stores = await listStores({ ctx, input: { customerId: customer.id, limit: 100 } });
  const query = await searchParams;
  // Back from WooCommerce's key screen: what became of the keys it was to send.
  const wooReturn = query.woocommerce === "returned" && query.success === "1" && typeof query.user_id === "string" ? query.user_id : undefined;
  const wooOutcome = wooReturn ? await readWooConnectOutcome({ ctx, customerId: customer.id, userId: wooReturn }) : null;
  if (wooOutcome?.state === "connected") redirect(`/customers/${customer.id}/stores/${wooOutcome.storeId}?connected=woocommerce`);
  const isWoo = query.woocommerce !== undefined;
  const failure = !isWoo && isShopifyConnectFailure(query.error) ? query.error : undefined;
  const etsyFailure = isEtsyConnectFailure(query.error) ? query.error : undefined;
  const triedShop = typeof query.shop === "string" ? query.shop : undefined;
  const wooFailure: WooConnectFailure | undefined =
    query.woocommerce === "error" && isWooConnectFailure(query.error) ? query.error : query.woocommerce === "returned" ? (query.success === "1" ? (wooOutcome?.state === "pending" ? "pending" : "failed") : "denied") : undefined;
  const triedSite = typeof query.siteUrl === "string" ? query.siteUrl : undefined;
  return (
    <div className="space-y-6">
      {failure ? (
        <Alert tone="error">
          <span className="font-medium">The shop was not connected{triedShop ? ` (${triedShop})` : ""}.</span> {shopifyConnectFailures[failure]}
        </Alert>
      ) : null}
      {wooFailure ? (
        <Alert tone="error">
          <span className="font-medium">The WooCommerce shop was not connected{triedSite ? ` (${triedSite})` : ""}.</span> {wooConnectFailures[wooFailure]}
        </Alert>
      ) : null}
      {etsyFailure ? (
        <Alert tone="error">
          <span className="font-medium">The Etsy shop was not connected.</span> {etsyConnectFailures[etsyFailure]}
        </Alert>
      ) : null}
      <Card className="overflow-hidden">
        {stores.data.length ? (
          <>
            <CardHeader title="Stores" description={`${customer.name}'s shops. Paid orders of connected stores arrive by themselves.`} />
            <StoreList
              stores={stores.data}
              basePath={`/customers/${customer.id}/stores`}
              canManage
              actions={{
                setApprovalMode: setApprovalModeAction.bind(null, customer.id),
                sync: syncStoreAction.bind(null, customer.id),
                disconnect: disconnectStoreAction.bind(null, customer.id),
              }}
            />
          </>
        ) : (
          <EmptyState icon={Store} title="No shops connected">
            {`${customer.name} has no shop connected. Its admins can connect one from the portal's Stores page, or you connect it on their behalf below.`}
          </EmptyState>
        )}
      </Card>
      <Card>
        <CardHeader
          title="Connect a Shopify shop for this customer"
          description="By OAuth you (or the shop owner, signed in to Shopify) approve your Shopify app on Shopify's install screen; a custom-app token is made in the shop's own admin."
        />
        <CardBody className="grid gap-6 lg:grid-cols-2">
          {isShopifyOAuthConfigured() ? (
            <ConnectShopifyForm enabled customerId={customer.id} defaultShop={failure ? triedShop : undefined} />
          ) : (
            <p className="text-sm text-slate-600">Shopify OAuth is not configured: set SHOPIFY_API_KEY, SHOPIFY_API_SECRET and SHOPIFY_SCOPES. A custom-app token works without them.</p>
          )}
          <div>
            <CustomAppTokenForm action={connectShopifyTokenAction.bind(null, customer.id)} webhookUrl={webhookUrlFor("shopify", "")} />
          </div>
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title="Connect a WooCommerce shop for this customer"
          description="The shop owner (signed in to their WordPress) approves a key on WooCommerce's own screen, or you enter REST API keys made under WooCommerce → Settings → Advanced → REST API."
        />
        <CardBody className="grid gap-6 lg:grid-cols-2">
          <ConnectWooCommerceForm customerId={customer.id} defaultSiteUrl={wooFailure ? triedSite : undefined} />
          <div>
            <WooCommerceKeysForm action={connectWooCommerceKeysAction.bind(null, customer.id)} />
          </div>
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title="Connect an Etsy shop for this customer"
          description="The shop owner signs in to Etsy and allows access; do this together with them, or let their admins connect from the portal. Receipts are fetched every 10 minutes."
        />
        <CardBody>
          {isEtsyOAuthConfigured() ? (
            <ConnectEtsyLink customerId={customer.id} />
          ) : (
            <p className="text-sm text-slate-600">Etsy is not configured: set ETSY_KEYSTRING and ETSY_SHARED_SECRET. Tokens can still be given by hand through the admin API.</p>
          )}
        </CardBody>
      </Card>
    </div>
  );
}
