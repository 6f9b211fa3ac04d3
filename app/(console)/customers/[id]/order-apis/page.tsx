import type { Metadata } from "next";
import Link from "next/link";
import { requireStaff } from "@/lib/auth/guards";
import { listConnectors } from "@/lib/services/connectors";
import { ConnectorList } from "../../_connectors/connector-list";
import { paramsOrNotFound } from "@/lib/next/not-found";

export const metadata: Metadata = { title: "Order APIs" };

export default async function CustomerOrderApisPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireStaff();
  const { id } = await paramsOrNotFound(params);
  const connectors = await listConnectors({ ctx, customerId: id });
  return (
    <div className="space-y-4">
      <ConnectorList
        connectors={connectors}
        customerId={id}
        description="Endpoints this customer's own systems send orders to, in the Gelato or the SiteFlow dialect."
        emptyText="Create a Gelato API or SiteFlow API connector and hand its key, secret and endpoints to the customer's developer. Software written for either API works by changing only its base URL and credentials."
      />
      <p className="text-sm text-slate-500">
        An integrator that sends orders for many customers can use one{" "}
        <Link href="/customers/shared-order-apis" className="font-medium text-brand-600 hover:text-brand-700">
          shared order API
        </Link>{" "}
        instead, naming each customer by its reference id.
      </p>
    </div>
  );
}
