import type { Metadata } from "next";
import { requireStaff } from "@/lib/auth/guards";
import { listConnectors } from "@/lib/services/connectors";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConnectorList } from "../_connectors/connector-list";

export const metadata: Metadata = { title: "Shared order APIs" };

export default async function SharedOrderApisPage() {
  const ctx = await requireStaff();
  const connectors = await listConnectors({ ctx, customerId: null });
  return (
    <>
      <PageHeader
        back={{ href: "/customers", label: "Customers" }}
        title="Shared order APIs"
        description="Order APIs that serve all your customers, for an integrator or platform that sends orders on behalf of many of them."
      />
      <div className="grid gap-6 xl:grid-cols-3">
        <div className="min-w-0 xl:col-span-2">
          <ConnectorList
            connectors={connectors}
            customerId={null}
            description="Each request names its customer with the Customer-Reference-ID header."
            emptyText="Create a shared order API when one system sends orders for several of your customers. Customers that send their own orders get an order API on their own page instead."
          />
        </div>
        <Card>
          <CardHeader title="How shared order APIs work" />
          <CardBody className="space-y-3 text-sm text-slate-600">
            <p>
              Every request carries <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-800">Customer-Reference-ID</code> with the
              reference id you set on the customer. The order is stored for that customer, with its lookups applied.
            </p>
            <p>A request without the header is refused with the missing field named; an unknown reference id is answered with 404.</p>
            <p>Give every customer that this integrator serves a reference id first: edit the customer to set one.</p>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
