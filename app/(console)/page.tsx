import type { Metadata } from "next";
import Link from "next/link";
import { CircleCheck, Circle } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { listCustomers } from "@/lib/services/customers";
import { getEnv } from "@/lib/env";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardHeader } from "@/components/ui/card";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const ctx = await requireStaff();
  const customers = await listCustomers({ ctx, input: { limit: 1, offset: 0 } });
  const steps = [
    { done: (customers.total ?? 0) > 0, title: "Create a customer", text: "Each business that sends you orders.", href: "/customers/new" },
    { done: false, title: "Give it an order API", text: "A Gelato or Site Flow compatible endpoint with its own key.", href: "/customers" },
    { done: false, title: "Invite your team", text: "Operators run production; admins manage access.", href: "/settings/staff" },
  ];
  return (
    <>
      <PageHeader title={`Welcome to ${getEnv().PARTNER_NAME}`} description="Orders from every channel, in one production flow." />
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
