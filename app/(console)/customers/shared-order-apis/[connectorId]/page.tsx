import type { Metadata } from "next";
import { requireStaff } from "@/lib/auth/guards";
import { getConnector, getSnippetSetup } from "@/lib/services/connectors";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { readNewSecret } from "../../_connectors/fresh-secret";
import { PageHeader } from "@/components/ui/page-header";
import { Badge } from "@/components/ui/badge";
import { ConnectorDetail } from "../../_connectors/connector-detail";
import { orderApisPath } from "../../_connectors/paths";

export const metadata: Metadata = { title: "Shared order API" };

export default async function SharedOrderApiPage({ params }: { params: Promise<{ connectorId: string }> }) {
  const ctx = await requireStaff();
  const { connectorId } = await paramsOrNotFound(params);
  const connector = await pageOrNotFound(getConnector({ ctx, connectorId, customerId: null }));
  const [setup, newSecret] = await Promise.all([getSnippetSetup({ ctx, connector }), readNewSecret(connector.id)]);
  return (
    <>
      <PageHeader
        back={{ href: orderApisPath(null), label: "Shared order APIs" }}
        title={
          <span className="flex flex-wrap items-center gap-2">
            {connector.name}
            <Badge tone="blue">All customers</Badge>
          </span>
        }
        description="Requests name their customer with Customer-Reference-ID."
      />
      <ConnectorDetail connector={connector} setup={setup} newSecret={newSecret} />
    </>
  );
}
