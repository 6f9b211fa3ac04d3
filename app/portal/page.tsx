import type { Metadata } from "next";
import Link from "next/link";
import { ArrowRight, Check, Package, Store, Users } from "lucide-react";
import { requireCustomerUser } from "@/lib/auth/guards";
import { Card, CardHeader } from "@/components/ui/card";
import { LinkButton } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { cn } from "@/components/ui/cn";
import { portalPages } from "./loaders";

export const metadata: Metadata = { title: "Home" };

type Step = { done: boolean; title: string; body: string; href: string; cta: string };

export default async function PortalHomePage() {
  const ctx = await requireCustomerUser();
  const { customer, productCount, users, partner } = await portalPages["/portal"](ctx);
  const isAdmin = ctx.user.role === "admin";
  const firstName = users.find((user) => user.id === ctx.user.id)?.firstName ?? ctx.user.name;
  const steps: Step[] = [
    {
      done: false,
      title: "Connect your shop",
      body: "Connect your Shopify, Etsy or WooCommerce shop. Paid orders then reach production on their own, and tracking goes back to your buyers.",
      href: "/portal/stores",
      cta: "Go to Stores",
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
    { label: "Shops connected", value: 0, icon: Store, href: "/portal/stores" },
    { label: "Products available", value: productCount, icon: Package, href: "/portal/products" },
    { label: "Users", value: users.length, icon: Users, href: "/portal/users" },
  ];

  return (
    <>
      <PageHeader title={`Welcome, ${firstName}`} description={`The storefront portal of ${customer.name} at ${partner}: connect your shops and ${partner} prints and ships their orders.`} />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
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
