import Link from "next/link";
import { Ban } from "lucide-react";
import type { ConnectorView, SnippetSetup } from "@/lib/services/connectors";
import { Card, CardBody, CardHeader, DetailList } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Alert } from "@/components/ui/form";
import { Time, relativeTime } from "@/components/ui/time";
import { ManagedConnectorGuide } from "./managed-guide";
import { RoutingRulesEditor } from "./routing-rules-editor";
import { addSampleProductAction, forgetNewSecretAction, revokeConnectorAction, rotateSecretAction, saveRoutingRulesAction } from "./actions";
import { connectorTypeLabels, orderApisPath } from "./paths";

/** One connector: credentials and rotation, endpoints, example, routing rules, revocation. */
export function ConnectorDetail({ connector, setup, newSecret }: { connector: ConnectorView; setup: SnippetSetup; newSecret?: string }) {
  const scope = connector.customerId;
  const revoked = Boolean(connector.revokedAt);
  const rules =
    connector.type === "siteflow" ? (
      <Card>
        <CardHeader
          title="Routing rules"
          description="Orders submitted to a rule's URL get its tags and priority, or wait for approval when it holds them. Any other key is answered with 404."
        />
        <CardBody>
          <RoutingRulesEditor
            rules={connector.routingRules}
            routeUrl={connector.endpoints.submitByRoutingRule ?? ""}
            action={saveRoutingRulesAction.bind(null, scope, connector.id)}
            readOnly={revoked}
          />
        </CardBody>
      </Card>
    ) : null;
  return (
    <div className="grid gap-6 xl:grid-cols-3">
      <div className="min-w-0 space-y-6 xl:col-span-2">
        {revoked ? (
          <>
            <Alert tone="error">
              This order API was revoked <Time value={connector.revokedAt} />: its key no longer works.{" "}
              <Link href={`${orderApisPath(scope)}/new`} className="font-medium underline underline-offset-2">
                Create a new order API
              </Link>{" "}
              to connect the system again.
            </Alert>
            {rules}
          </>
        ) : (
          <ManagedConnectorGuide
            setup={setup}
            createdLabel={newSecret ? `${connectorTypeLabels[connector.type]} “${connector.name}”` : undefined}
            newSecret={newSecret}
            forgetNewSecret={forgetNewSecretAction.bind(null, scope, connector.id)}
            rotateAction={rotateSecretAction.bind(null, scope, connector.id)}
            addSampleAction={addSampleProductAction.bind(null, scope, connector.id)}
            afterCredentials={rules}
          />
        )}
      </div>
      <div className="min-w-0 space-y-6">
        <Card>
          <CardHeader title="Details" />
          <DetailList
            items={[
              { label: "Type", value: <Badge tone={connector.type === "gelato" ? "indigo" : "purple"}>{connectorTypeLabels[connector.type]}</Badge> },
              { label: "Customers", value: scope ? "This customer" : "All customers (Customer-Reference-ID)" },
              { label: "Id", value: <span className="font-mono text-xs">{connector.id}</span> },
              { label: "API key", value: <span className="font-mono text-xs break-all">{connector.apiKey}</span> },
              { label: "Last used", value: connector.lastUsedAt ? <span title={connector.lastUsedAt}>{relativeTime(connector.lastUsedAt)}</span> : "Never" },
              { label: "Created", value: <Time value={connector.createdAt} /> },
              { label: "Status", value: revoked ? <Badge tone="red">Revoked</Badge> : <Badge tone="green">Active</Badge> },
            ]}
          />
        </Card>
        {revoked ? null : (
          <Card>
            <CardHeader title="Revoke" />
            <CardBody className="space-y-3 text-sm text-slate-600">
              <p>Revoking stops the key at once: every request with it is refused. Orders already received stay as they are. This cannot be undone.</p>
              <ConfirmButton
                action={revokeConnectorAction.bind(null, scope, connector.id)}
                question={
                  <>
                    <strong className="font-semibold">Revoke “{connector.name}”?</strong> The customer&apos;s system can no longer send or read orders with this key.
                  </>
                }
                confirmLabel="Revoke now"
                pendingText="Revoking…"
              >
                <Ban className="size-4" aria-hidden />
                Revoke order API
              </ConfirmButton>
            </CardBody>
          </Card>
        )}
      </div>
    </div>
  );
}
