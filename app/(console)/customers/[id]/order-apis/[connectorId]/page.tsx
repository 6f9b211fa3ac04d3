import type { Metadata } from "next";
import Link from "next/link";
import { ChevronLeft } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { getConnector, getSnippetSetup } from "@/lib/services/connectors";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { readNewSecret } from "../../../_connectors/fresh-secret";
import { ConnectorDetail } from "../../../_connectors/connector-detail";
import { connectorTypeLabels, orderApisPath } from "../../../_connectors/paths";
import { Badge } from "@/components/ui/badge";

export const metadata: Metadata = { title: "Order API" };

export default async function CustomerOrderApiPage({ params }: { params: Promise<{ id: string; connectorId: string }> }) {
  const ctx = await requireStaff();
  const { id, connectorId } = await paramsOrNotFound(params);
  const connector = await pageOrNotFound(getConnector({ ctx, connectorId, customerId: id }));
  const [setup, newSecret] = await Promise.all([getSnippetSetup({ ctx, connector }), readNewSecret(connector.id)]);
  return (
    <div className="space-y-4">
      <div>
        <Link href={orderApisPath(id)} className="inline-flex items-center gap-1 text-sm text-slate-500 hover:text-slate-800">
          <ChevronLeft className="size-4" aria-hidden />
          Order APIs
        </Link>
        <h2 className="mt-1 flex flex-wrap items-center gap-2 text-lg font-semibold text-slate-900">
          {connector.name}
          <Badge tone={connector.type === "gelato" ? "indigo" : "purple"}>{connectorTypeLabels[connector.type]}</Badge>
          {connector.revokedAt ? <Badge tone="red">Revoked</Badge> : null}
        </h2>
      </div>
      <ConnectorDetail connector={connector} setup={setup} newSecret={newSecret} />
    </div>
  );
}
