import type { Metadata } from "next";
import { PackageCheck, Store, Truck, Zap } from "lucide-react";
import { requireCustomerUser } from "@/lib/auth/guards";
import { Card, CardHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { portalPages } from "../loaders";

export const metadata: Metadata = { title: "Stores" };

export default async function StoresPage() {
  const ctx = await requireCustomerUser();
  const { platforms, partner } = await portalPages["/portal/stores"](ctx);
  const connectable = platforms.filter((platform) => platform.canConnect);
  const benefits = [
    { icon: Zap, title: "Orders arrive by themselves", body: `Every paid order in your shop reaches ${partner} within seconds. Nobody retypes or uploads anything.` },
    { icon: PackageCheck, title: "Your designs, printed right", body: `Each shop product is linked once to one of ${partner}'s products and its design files; every later order uses that link.` },
    { icon: Truck, title: "Tracking goes back to your shop", body: "When a parcel ships, your shop marks the order fulfilled with the tracking number, so your buyer is told." },
  ];
  return (
    <>
      <PageHeader title="Stores" description={`Your online shops connected to ${partner}.`} />
      <div className="space-y-6">
        <Card className="overflow-hidden">
          <EmptyState icon={Store} title={connectable.length ? "No shops connected yet" : "Shops cannot be connected yet"}>
            {connectable.length
              ? `Connecting a shop gives ${partner} access to its orders and products, nothing else. You can disconnect at any time, and orders already received stay in production.`
              : `The portal cannot connect a shop yet. Until it can, ${partner} takes your orders through its order APIs; ask ${partner} for access. This is what connecting a shop will do:`}
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
        </Card>
        <Card>
          <CardHeader
            title="Platforms"
            description={
              connectable.length
                ? `You can connect a ${connectable.map((platform) => platform.name).join(" or ")} shop. Ask ${partner} if you sell on another platform.`
                : "None of these can be connected yet."
            }
          />
          <ul className="grid gap-4 p-5 md:grid-cols-3">
            {platforms.map((platform) => (
              <li key={platform.platform} className="flex flex-col rounded-lg p-4 ring-1 ring-slate-200" data-platform={platform.platform}>
                <div className="flex items-center justify-between gap-2">
                  <h3 className="text-sm font-semibold text-slate-900">{platform.name}</h3>
                  {platform.canConnect ? <Badge tone="green">Available</Badge> : <Badge>Not available yet</Badge>}
                </div>
                <p className="mt-2 flex-1 text-sm text-slate-600">{platform.summary}</p>
                <p className="mt-3 flex items-start gap-1.5 text-xs text-slate-500">
                  {platform.canConnect ? `${platform.name} shops can be connected.` : `Connecting a ${platform.name} shop is not possible yet.`}
                </p>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
