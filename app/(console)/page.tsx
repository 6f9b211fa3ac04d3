import type { Metadata } from "next";
import Link from "next/link";
import { CircleCheck, Circle, TriangleAlert } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { getDashboard } from "@/lib/services/dashboard/overview";
import { listCustomers } from "@/lib/services/customers";
import { countStoresByState } from "@/lib/services/stores";
import { getEnv } from "@/lib/env";
import { orderStatuses } from "@/db/schema/enums";
import { statusLabels } from "@/lib/domain/status";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardHeader, CardBody } from "@/components/ui/card";
import { Table, THead, Th, TBody, Td } from "@/components/ui/table";
import { EmptyState } from "@/components/ui/empty-state";
import { OrdersChart } from "@/components/console/orders-chart";
import { StatusBadge, statusTones } from "@/components/console/status-badge";
import { relativeTime } from "@/components/ui/time";
import { cn } from "@/components/ui/cn";

export const metadata: Metadata = { title: "Dashboard" };

const toneBar: Record<string, string> = {
  gray: "bg-slate-400",
  blue: "bg-sky-500",
  indigo: "bg-brand-500",
  yellow: "bg-amber-400",
  red: "bg-red-500",
  purple: "bg-violet-500",
  green: "bg-emerald-500",
};

function Stat({ label, value, hint, href, alert }: { label: string; value: number; hint?: string; href?: string; alert?: boolean }) {
  const body = (
    <div className={cn("rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200", href && "hover:ring-brand-300", alert && value > 0 && "ring-red-200")}>
      <p className="text-sm text-slate-500">{label}</p>
      <p className={cn("mt-1 text-2xl font-semibold tabular-nums", alert && value > 0 ? "text-red-600" : "text-slate-900")}>{value.toLocaleString("en")}</p>
      {hint ? <p className="mt-0.5 text-xs text-slate-400">{hint}</p> : null}
    </div>
  );
  return href ? <Link href={href}>{body}</Link> : body;
}

export default async function DashboardPage() {
  const ctx = await requireStaff();
  const [dashboard, customers, stores] = await Promise.all([getDashboard({ ctx }), listCustomers({ ctx, input: { limit: 1, offset: 0 } }), countStoresByState({ ctx })]);
  const totalOrders = Object.values(dashboard.byStatus).reduce((sum, n) => sum + (n ?? 0), 0);
  const inProduction = (dashboard.byStatus.in_production ?? 0) + (dashboard.byStatus.printed ?? 0);
  const attention = (dashboard.byStatus.failed ?? 0) + (dashboard.byStatus.not_connected ?? 0);
  const failedJobs = Object.values(dashboard.failedJobs).reduce((sum, n) => sum + n, 0);
  const maxStatus = Math.max(1, ...Object.values(dashboard.byStatus).map((n) => n ?? 0));

  if (totalOrders === 0) {
    const steps = [
      { done: (customers.total ?? 0) > 0, title: "Create a customer", text: "Each business that sends you orders.", href: "/customers/new" },
      { done: false, title: "Give it an order API", text: "A Gelato or Site Flow compatible endpoint with its own key, under the customer's Order APIs tab.", href: "/customers" },
      { done: false, title: "Add your products", text: "Orders resolve to the products of your catalog.", href: "/catalog" },
      { done: false, title: "Invite your team", text: "Operators run production; admins manage access.", href: "/settings/staff" },
    ];
    return (
      <>
        <PageHeader title={`Welcome to ${getEnv().PARTNER_NAME}`} description="Orders from every channel, in one production flow. Here is how to get the first one in." />
        <Card className="max-w-3xl">
          <CardHeader title="Getting started" />
          <ol className="divide-y divide-slate-100">
            {steps.map((step) => (
              <li key={step.title}>
                <Link href={step.href} className="flex items-start gap-3 px-5 py-4 hover:bg-slate-50">
                  {step.done ? <CircleCheck className="mt-0.5 size-5 shrink-0 text-emerald-600" aria-label="Done" /> : <Circle className="mt-0.5 size-5 shrink-0 text-slate-300" aria-label="To do" />}
                  <span>
                    <span className="block text-sm font-medium text-slate-900">{step.title}</span>
                    <span className="block text-sm text-slate-500">{step.text}</span>
                  </span>
                </Link>
              </li>
            ))}
          </ol>
        </Card>
      </>
    );
  }

  return (
    <>
      <PageHeader title="Dashboard" description="Orders coming in, moving through production, and what needs a look." />
      <div className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label="Received today" value={dashboard.receivedToday} hint={`${totalOrders.toLocaleString("en")} orders in all`} href="/orders" />
        <Stat label="Shipped today" value={dashboard.shippedToday} href="/production?stage=shipped" />
        <Stat label="In production" value={inProduction} hint="in production or printed" href="/production?stage=in_production" />
        <Stat label="Need attention" value={attention + dashboard.stuck.length} hint="failed, not connected or stuck" href="/orders?status=failed" alert />
      </div>
      {stores.error + stores.warning + stores.ok > 0 ? (
        <div className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-4">
          <Stat label="Stores not working" value={stores.error} hint="reconnect, sync or jobs failing" href="/stores?state=error" alert />
          <Stat label="Stores that need a look" value={stores.warning} hint="orders waiting, unlinked variants" href="/stores?state=warning" />
        </div>
      ) : null}
      <div className="grid gap-6 xl:grid-cols-3">
        <Card className="xl:col-span-2">
          <CardHeader title="Orders per day" description="The last 14 days, by channel (UTC)." />
          <CardBody>
            <OrdersChart data={dashboard.perDay} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="By status" />
          <ul className="space-y-2.5 px-5 py-4">
            {orderStatuses
              .filter((status) => (dashboard.byStatus[status] ?? 0) > 0)
              .map((status) => (
                <li key={status}>
                  <Link href={`/orders?status=${status}`} className="group block">
                    <div className="flex items-center justify-between text-sm">
                      <span className="text-slate-700 group-hover:text-brand-700">{statusLabels[status]}</span>
                      <span className="font-medium text-slate-900 tabular-nums">{(dashboard.byStatus[status] ?? 0).toLocaleString("en")}</span>
                    </div>
                    <div className="mt-1 h-1.5 rounded-full bg-slate-100">
                      <div className={cn("h-1.5 rounded-full", toneBar[statusTones[status]])} style={{ width: `${Math.max(2, ((dashboard.byStatus[status] ?? 0) / maxStatus) * 100)}%` }} />
                    </div>
                  </Link>
                </li>
              ))}
          </ul>
        </Card>
        <Card className="xl:col-span-2">
          <CardHeader title="Stuck orders" description="Orders that have waited in one status longer than usual." />
          {dashboard.stuck.length === 0 ? (
            <EmptyState icon={CircleCheck} title="Nothing is stuck">
              Orders appear here when they wait too long: 15 minutes unprocessed, a day ready or printed, two days in production.
            </EmptyState>
          ) : (
            <Table>
              <THead>
                <Th>Order</Th>
                <Th>Customer</Th>
                <Th>Status</Th>
                <Th className="text-right">Since</Th>
              </THead>
              <TBody>
                {dashboard.stuck.map((order) => (
                  <tr key={order.id}>
                    <Td>
                      <Link href={`/orders/${order.id}`} className="font-medium text-slate-900 hover:text-brand-700">
                        {order.externalId}
                      </Link>
                    </Td>
                    <Td>{order.customerName}</Td>
                    <Td>
                      <StatusBadge status={order.status} />
                    </Td>
                    <Td className="text-right text-slate-500">{relativeTime(order.since)}</Td>
                  </tr>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
        <div className="space-y-6">
          <Card>
            <CardHeader title="Failing jobs" />
            {failedJobs === 0 ? (
              <p className="px-5 py-4 text-sm text-slate-500">No background job has failed.</p>
            ) : (
              <div className="px-5 py-4">
                <ul className="space-y-1 text-sm">
                  {Object.entries(dashboard.failedJobs).map(([queue, n]) => (
                    <li key={queue} className="flex justify-between">
                      <span className="font-mono text-xs text-slate-700">{queue}</span>
                      <span className="font-medium text-red-600">{n}</span>
                    </li>
                  ))}
                </ul>
                <Link href="/settings/jobs" className="mt-3 inline-block text-sm font-medium text-brand-600 hover:text-brand-700">
                  Review and retry →
                </Link>
              </div>
            )}
          </Card>
          <Card>
            <CardHeader title="Failing postback endpoints" description="Customer endpoints that refused status updates this week." />
            {dashboard.failingEndpoints.length === 0 ? (
              <p className="px-5 py-4 text-sm text-slate-500">Every postback endpoint is answering.</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {dashboard.failingEndpoints.map((endpoint) => (
                  <li key={endpoint.triggerId} className="px-5 py-3 text-sm">
                    <div className="flex items-start gap-2">
                      <TriangleAlert className="mt-0.5 size-4 shrink-0 text-amber-500" aria-hidden />
                      <div className="min-w-0">
                        <Link href={`/customers/${endpoint.customerId}`} className="font-medium text-slate-900 hover:text-brand-700">
                          {endpoint.customerName}
                        </Link>
                        <p className="truncate font-mono text-xs text-slate-500" title={endpoint.target}>
                          {endpoint.target}
                        </p>
                        <p className="text-xs text-slate-500">
                          {endpoint.failed} failed · {endpoint.retrying} retrying{endpoint.lastError ? ` · ${endpoint.lastError}` : ""}
                        </p>
                      </div>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}
