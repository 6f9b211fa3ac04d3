import type { Metadata } from "next";
import Link from "next/link";
import { ArrowRight, Check, ChevronRight, CircleAlert, Package, ShoppingCart, Store, Users } from "lucide-react";
import { requireCustomerUser } from "@/lib/auth/guards";
import { Card, CardHeader } from "@/components/ui/card";
import { LinkButton } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { cn } from "@/components/ui/cn";
import { Time } from "@/components/ui/time";
import { StatusBadge } from "@/components/console/status-badge";
import { portalPages } from "./loaders";
import { channelNames } from "./orders/views";

export const metadata: Metadata = { title: "Home" };

type Step = { done: boolean; title: string; body: string; href: string; cta: string };

export default async function PortalHomePage() {
  const ctx = await requireCustomerUser();
  const { customer, productCount, users, recentOrders, attentionCount, partner, storeCount } = await portalPages["/portal"](ctx);
  const orderCount = recentOrders.total ?? 0;
  const isAdmin = ctx.user.role === "admin";
  const firstName = users.find((user) => user.id === ctx.user.id)?.firstName ?? ctx.user.name;
  const steps: Step[] = [
    {
      done: storeCount > 0,
      title: "Connect your shop",
      body:
        storeCount > 0
          ? `${storeCount} ${storeCount === 1 ? "shop is" : "shops are"} connected: paid orders arrive by themselves. The Stores page shows how each one is doing.`
          : "Connect your Shopify, WooCommerce or Etsy shop on the Stores page: its paid orders then arrive by themselves, and tracking goes back to the shop.",
      href: "/portal/stores",
      cta: storeCount > 0 ? "See Stores" : "Connect a shop",
    },
    {
      done: false,
      title: "Link your products",
      body:
        productCount === 0
          ? `${partner} has not made any products available to you yet. Once it does, you link each of your shop products to one of them, with its design files.`
          : `${productCount} ${productCount === 1 ? "product" : "products"} from ${partner}'s catalog ${productCount === 1 ? "is" : "are"} available to you. Link each of your shop products to one of them, with its design files.`,
      href: "/portal/products",
      cta: "See the products",
    },
    ...(isAdmin
      ? [
          {
            done: users.length > 1,
            title: "Invite your team",
            body: users.length > 1 ? `${users.length} people at ${customer.name} can use this portal.` : "Give colleagues their own sign-in, as admins or as members who can look but not change users.",
            href: "/portal/users",
            cta: "Manage users",
          },
        ]
      : []),
  ];
  const stats = [
    { label: "Orders", value: orderCount, icon: ShoppingCart, href: "/portal/orders" },
    { label: "Shops connected", value: 0, icon: Store, href: "/portal/stores" },
    { label: "Products available", value: productCount, icon: Package, href: "/portal/products" },
    { label: "Users", value: users.length, icon: Users, href: "/portal/users" },
  ];

  return (
    <>
      <PageHeader title={`Welcome, ${firstName}`} description={`The storefront portal of ${customer.name} at ${partner}: connect your shops and ${partner} prints and ships their orders.`} />
      {attentionCount > 0 ? (
        <Link
          href="/portal/orders?view=attention"
          className="mb-6 flex items-center gap-3 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200 ring-inset hover:bg-red-100"
        >
          <CircleAlert className="size-4 shrink-0" aria-hidden />
          <span className="flex-1">
            {attentionCount} {attentionCount === 1 ? "order needs" : "orders need"} your attention: a product is not linked or a check failed.
          </span>
          <ChevronRight className="size-4" aria-hidden />
        </Link>
      ) : null}
      <div className="grid items-start gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader title="What to do next" description="Three steps and your shop orders flow into production without anyone retyping them." />
            <ol className="divide-y divide-slate-100">
              {steps.map((step, index) => (
                <li key={step.title} className="flex gap-4 px-5 py-5">
                  <div
                    className={cn(
                      "flex size-8 shrink-0 items-center justify-center rounded-full text-sm font-semibold",
                      step.done ? "bg-emerald-100 text-emerald-700" : "bg-brand-50 text-brand-700 ring-1 ring-brand-200",
                    )}
                    aria-hidden
                  >
                    {step.done ? <Check className="size-4" /> : index + 1}
                  </div>
                  <div className="min-w-0 flex-1">
                    <h3 className="text-sm font-semibold text-slate-900">
                      {step.title}
                      {step.done ? <span className="ml-2 text-xs font-medium text-emerald-700">Done</span> : null}
                    </h3>
                    <p className="mt-1 text-sm text-slate-600">{step.body}</p>
                    <LinkButton href={step.href} variant={step.done || index > 0 ? "secondary" : "primary"} size="sm" className="mt-3">
                      {step.cta}
                      <ArrowRight className="size-3.5" aria-hidden />
                    </LinkButton>
                  </div>
                </li>
              ))}
            </ol>
          </Card>
          {recentOrders.data.length ? (
            <Card>
              <CardHeader
              title="Recent orders"
              actions={
                <LinkButton href="/portal/orders" variant="ghost" size="sm">
                  All orders
                  <ArrowRight className="size-3.5" aria-hidden />
                </LinkButton>
              }
            />
              <ul className="divide-y divide-slate-100">
                {recentOrders.data.map((order) => (
                  <li key={order.id}>
                    <Link href={`/portal/orders/${order.id}`} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-5 py-3 hover:bg-slate-50">
                      <div className="min-w-0 flex-1 basis-40">
                        <p className="truncate text-sm font-medium text-slate-900">{order.externalId}</p>
                        <p className="truncate text-xs text-slate-500">
                          {channelNames[order.channel]}
                          {order.recipientName ? ` · ${order.recipientName}` : ""}
                        </p>
                      </div>
                      <StatusBadge status={order.status} />
                      <span className="text-xs text-slate-500">
                        <Time value={order.createdAt} withTime={false} />
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
        </div>
        <div className="space-y-6">
          <Card>
            <CardHeader title="At a glance" />
            <ul className="divide-y divide-slate-100">
              {stats.map((stat) => (
                <li key={stat.label}>
                  <Link href={stat.href} className="flex items-center gap-3 px-5 py-3.5 hover:bg-slate-50">
                    <stat.icon className="size-4.5 text-slate-400" aria-hidden />
                    <span className="flex-1 text-sm text-slate-600">{stat.label}</span>
                    <span className="text-lg font-semibold text-slate-900 tabular-nums">{stat.value}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </Card>
          <Card>
            <CardHeader title="Need help?" />
            <p className="px-5 py-4 text-sm text-slate-600">
              {partner} runs this portal. For questions about products, prices or an order, contact your account manager at {partner}.
            </p>
          </Card>
        </div>
      </div>
    </>
  );
}
