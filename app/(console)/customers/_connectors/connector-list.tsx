import Link from "next/link";
import { Plug, Plus } from "lucide-react";
import type { ConnectorView } from "@/lib/services/connectors";
import { Card, CardHeader } from "@/components/ui/card";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, THead, Th, TBody, Td } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { Time, relativeTime } from "@/components/ui/time";
import { connectorTypeLabels, orderApisPath } from "./paths";

/** A scope's connectors (one customer's, or the shared ones), newest first, revoked ones dimmed. */
export function ConnectorList({
  connectors,
  customerId,
  description,
  emptyText,
}: {
  connectors: ConnectorView[];
  customerId: string | null;
  description: React.ReactNode;
  emptyText: React.ReactNode;
}) {
  const base = orderApisPath(customerId);
  const newButton = (
    <LinkButton href={`${base}/new`}>
      <Plus className="size-4" aria-hidden />
      New order API
    </LinkButton>
  );
  return (
    <Card>
      <CardHeader title="Order APIs" description={description} actions={connectors.length ? newButton : undefined} />
      {connectors.length === 0 ? (
        <EmptyState icon={Plug} title="No order APIs yet" action={newButton}>
          {emptyText}
        </EmptyState>
      ) : (
        <Table>
          <THead>
            <Th>Name</Th>
            <Th className="hidden md:table-cell">Type</Th>
            <Th className="hidden lg:table-cell">API key</Th>
            <Th className="hidden md:table-cell">Last used</Th>
            <Th className="hidden md:table-cell">Created</Th>
            <Th className="text-right">Status</Th>
          </THead>
          <TBody>
            {connectors.map((connector) => (
              <tr key={connector.id} className={connector.revokedAt ? "bg-slate-50/60 opacity-70" : "hover:bg-slate-50"}>
                <Td>
                  <Link href={`${base}/${connector.id}`} className="font-medium text-slate-900 hover:text-brand-700">
                    {connector.name}
                  </Link>
                  <div className="font-mono text-xs text-slate-400">{connector.id}</div>
                  <div className="mt-1.5 flex flex-wrap items-center gap-2 md:hidden">
                    <TypeBadge type={connector.type} />
                    <span className="text-xs text-slate-500">Last used {connector.lastUsedAt ? relativeTime(connector.lastUsedAt) : "never"}</span>
                  </div>
                </Td>
                <Td className="hidden md:table-cell">
                  <TypeBadge type={connector.type} />
                </Td>
                <Td className="hidden lg:table-cell">
                  <span className="font-mono text-xs">{connector.apiKey}</span>
                </Td>
                <Td className="hidden text-slate-500 md:table-cell">{connector.lastUsedAt ? <span title={connector.lastUsedAt}>{relativeTime(connector.lastUsedAt)}</span> : "Never"}</Td>
                <Td className="hidden text-slate-500 md:table-cell">
                  <Time value={connector.createdAt} withTime={false} />
                </Td>
                <Td className="text-right align-top md:align-middle">
                  {connector.revokedAt ? (
                    <span title={connector.revokedAt}>
                      <Badge tone="red">Revoked</Badge>
                      <div className="mt-0.5 text-xs">
                        <Time value={connector.revokedAt} withTime={false} />
                      </div>
                    </span>
                  ) : (
                    <Badge tone="green">Active</Badge>
                  )}
                </Td>
              </tr>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}

function TypeBadge({ type }: { type: ConnectorView["type"] }) {
  return <Badge tone={type === "gelato" ? "indigo" : "purple"}>{connectorTypeLabels[type]}</Badge>;
}
