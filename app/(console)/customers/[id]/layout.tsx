import { Pencil } from "lucide-react";
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
      <div className="mb-6">
        <RouteTabs base={`/customers/${customer.id}`} tabs={customerTabs} />
      </div>
      {children}
    </>
  );
}
