import type { Metadata } from "next";
import { History } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { getCustomer } from "@/lib/services/customers";
import { listAudit } from "@/lib/services/audit-list";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { Card, CardHeader, DetailList } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Time } from "@/components/ui/time";
import { AuditTrail } from "@/components/console/audit-trail";

export const metadata: Metadata = { title: "Customer" };

export default async function CustomerOverviewPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireStaff();
  const { id } = await paramsOrNotFound(params);
  const customer = await pageOrNotFound(getCustomer({ ctx, customerId: id }));
  const history = await listAudit({ ctx, input: { customerId: id, limit: 50 } });
  return (
    <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-5">
      <Card className="xl:col-span-2">
        <CardHeader title="Details" />
        <DetailList
          items={[
            { label: "Name", value: customer.name },
            { label: "Reference id", value: customer.referenceId ? <span className="font-mono text-xs">{customer.referenceId}</span> : null },
            { label: "Description", value: customer.description ? <span className="whitespace-pre-line">{customer.description}</span> : null },
            { label: "Storefront products", value: customer.catalogAccess === "all" ? "The whole catalog" : "Selected products only" },
            { label: "Created", value: <Time value={customer.createdAt} /> },
            { label: "Last changed", value: <Time value={customer.updatedAt} /> },
          ]}
        />
      </Card>
      <Card className="xl:col-span-3">
        <CardHeader title="History" description="Every change made to this customer, by whom and when." />
        {history.length === 0 ? (
          <EmptyState icon={History} title="No history yet">
            Changes to this customer, its connectors and lookups will be listed here.
          </EmptyState>
        ) : (
          <AuditTrail entries={history} />
        )}
      </Card>
    </div>
  );
}
