import { Ban, Pencil } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { getCustomer } from "@/lib/services/customers";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { PageHeader } from "@/components/ui/page-header";
import { LinkButton } from "@/components/ui/button";
import { RouteTabs } from "@/components/ui/tabs";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { customerTabs } from "./tabs";

export default async function CustomerLayout({ children, params }: { children: React.ReactNode; params: Promise<{ id: string }> }) {
  const ctx = await requireStaff();
  const { id } = await paramsOrNotFound(params);
  const customer = await pageOrNotFound(getCustomer({ ctx, customerId: id }));
  return (
    <>
      <PageHeader
        back={{ href: "/customers", label: "Customers" }}
        title={
          <span className="flex flex-wrap items-center gap-2">
            {customer.name}
            {customer.deactivatedAt ? <Badge tone="red">Deactivated</Badge> : null}
            {customer.storefront.enabled ? <Badge tone="green">Storefronts on</Badge> : null}
          </span>
        }
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <span className="font-mono text-xs">{customer.id}</span>
            <CopyButton value={customer.id} label="Copy id" />
            {customer.referenceId ? (
              <span>
                Reference id <span className="font-mono text-xs text-slate-700">{customer.referenceId}</span>
              </span>
            ) : null}
          </span>
        }
        actions={
          <LinkButton href={`/customers/${customer.id}/edit`} variant="secondary">
            <Pencil className="size-4" aria-hidden />
            Edit
          </LinkButton>
        }
      />
      {customer.deactivatedAt ? (
        <div role="status" className="mb-4 flex gap-2 rounded-md bg-red-50 px-3 py-2.5 text-sm text-red-800 ring-1 ring-red-200 ring-inset">
          <Ban className="mt-0.5 size-4 shrink-0" aria-hidden />
          <p>
            This customer is deactivated: its order APIs refuse new orders and its shops&apos; orders are not taken. Reactivate it on the Overview tab.
          </p>
        </div>
      ) : null}
      <div className="mb-6">
        <RouteTabs base={`/customers/${customer.id}`} tabs={customerTabs} />
      </div>
      {children}
    </>
  );
}
