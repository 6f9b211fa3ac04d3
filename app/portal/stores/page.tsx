import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PackageCheck, Store, Truck, Zap } from "lucide-react";
import { requireCustomerUser } from "@/lib/auth/guards";
import { isShopifyConnectFailure, shopifyConnectFailures } from "@/lib/services/shopify-oauth";
import { isWooConnectFailure, wooConnectFailures, type WooConnectFailure } from "@/lib/services/woocommerce-keys";
import { etsyConnectFailures, isEtsyConnectFailure, isEtsyOAuthConfigured } from "@/lib/services/etsy-oauth";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Alert } from "@/components/ui/form";
import { PageHeader } from "@/components/ui/page-header";
import { ConnectEtsyLink, ConnectShopifyForm, CustomAppTokenForm } from "@/components/stores/connect-forms";
import { ConnectWooCommerceForm, WooCommerceKeysForm } from "@/components/stores/woocommerce-forms";
import { StoreList } from "@/components/stores/store-list";
import { portalPages } from "../loaders";
import { connectShopifyTokenAction, connectWooCommerceKeysAction, disconnectStoreAction, setApprovalModeAction, syncStoreAction } from "../actions";

export const metadata: Metadata = { title: "Stores" };

export default async function StoresPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireCustomerUser();
  const query = await searchParams;
  const wooReturn = query.woocommerce === "returned" && query.success === "1" && typeof query.user_id === "string" ? query.user_id : undefined;
  const { platforms, partner, stores, canManage, oauthReady, webhookUrl, wooOutcome } = await portalPages["/portal/stores"](ctx, { wooUserId: wooReturn });
  if (wooOutcome?.state === "connected") redirect(`/portal/stores/${wooOutcome.storeId}?connected=woocommerce`);
  const isWoo = query.woocommerce !== undefined;
  const failure = !isWoo && isShopifyConnectFailure(query.error) ? query.error : undefined;
  const etsyFailure = isEtsyConnectFailure(query.error) ? query.error : undefined;
  const triedShop = typeof query.shop === "string" ? query.shop : undefined;
  const wooFailure: WooConnectFailure | undefined =
    query.woocommerce === "error" && isWooConnectFailure(query.error) ? query.error : query.woocommerce === "returned" ? (query.success === "1" ? (wooOutcome?.state === "pending" ? "pending" : "failed") : "denied") : undefined;
  const triedSite = typeof query.siteUrl === "string" ? query.siteUrl : undefined;
  const active = stores.filter((store) => store.status !== "disconnected");
  const benefits = [
    { icon: Zap, title: "Orders arrive by themselves", body: `Every paid order in your shop reaches ${partner} within seconds. Nobody retypes or uploads anything.` },
    { icon: PackageCheck, title: "Your designs, printed right", body: `Each shop product is linked once to one of ${partner}'s products and its design files; every later order uses that link.` },
    { icon: Truck, title: "Tracking goes back to your shop", body: "When a parcel ships, your shop marks the order fulfilled with the tracking number, so your buyer is told." },
  ];
  return (
    <>
      <PageHeader title="Stores" description={`Your online shops connected to ${partner}.`} />
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
          {stores.length ? (
            <>
              <CardHeader
                title="Your stores"
                description={canManage ? "Paid orders of connected stores arrive by themselves. Open a store for its health and recent orders." : "Only your company's admins can connect or change stores."}
              />
              <StoreList stores={stores} basePath="/portal/stores" canManage={canManage} actions={{ setApprovalMode: setApprovalModeAction, sync: syncStoreAction, disconnect: disconnectStoreAction }} />
            </>
          ) : (
            <>
              <EmptyState icon={Store} title="No shops connected yet">
                {canManage
                  ? `Connect your shop below. ${partner} gets access to its orders and products, nothing else; you can disconnect at any time, and orders already received stay in production.`
                  : `Ask an admin of your company to connect your shop. ${partner} then receives its paid orders by themselves.`}
              </EmptyState>
              <ul className="grid gap-px border-t border-slate-100 bg-slate-100 sm:grid-cols-3">
                {benefits.map((benefit) => (
                  <li key={benefit.title} className="bg-white px-5 py-5">
                    <benefit.icon className="size-5 text-brand-600" aria-hidden />
                    <h3 className="mt-2 text-sm font-semibold text-slate-900">{benefit.title}</h3>
                    <p className="mt-1 text-sm text-slate-600">{benefit.body}</p>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Card>
        <Card>
          <CardHeader title="Connect a shop" description={canManage ? "Shopify, WooCommerce and Etsy work today. Ask " + partner + " if you sell on another platform." : "Only your company's admins can connect shops."} />
          <ul className="grid gap-4 p-5 lg:grid-cols-3">
            {platforms.map((platform) => (
              <li key={platform.platform} className="flex min-w-0 flex-col gap-3 rounded-lg p-4 ring-1 ring-slate-200" data-platform={platform.platform}>
                <div className="flex items-center justify-between gap-2">
                  <h3 className="text-sm font-semibold text-slate-900">{platform.name}</h3>
                  {platform.canConnect ? <Badge tone="green">Available</Badge> : <Badge>Comes later</Badge>}
                </div>
                <p className="text-sm text-slate-600">{platform.summary}</p>
                {platform.platform === "shopify" && canManage ? (
                  <div className="space-y-4">
                    {oauthReady ? (
                      <ConnectShopifyForm enabled defaultShop={failure ? triedShop : undefined} />
                    ) : (
                      <p className="text-xs text-slate-500">Connecting through Shopify&apos;s install screen is not set up on this server; use a custom-app token.</p>
                    )}
                    <CustomAppTokenForm action={connectShopifyTokenAction} webhookUrl={webhookUrl} />
                  </div>
                ) : platform.platform === "woocommerce" && canManage ? (
                  <div className="space-y-4">
                    <ConnectWooCommerceForm defaultSiteUrl={wooFailure ? triedSite : undefined} />
                    <WooCommerceKeysForm action={connectWooCommerceKeysAction} />
                  </div>
                ) : platform.platform === "etsy" && canManage ? (
                  isEtsyOAuthConfigured() ? (
                    <ConnectEtsyLink />
                  ) : (
                    <p className="text-xs text-slate-500">Connecting Etsy shops is not set up on this server yet; ask {partner}.</p>
                  )
                ) : platform.canConnect ? null : (
                  <p className="text-xs text-slate-500">{`Connecting a ${platform.name} shop comes later; until then ${partner} can take these orders through its order APIs.`}</p>
                )}
              </li>
            ))}
          </ul>
        </Card>
        {active.length === 0 && stores.length > 0 ? (
          <Card>
            <CardBody className="text-sm text-slate-600">None of your stores is connected right now: connect the shop again above to receive its orders.</CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}
