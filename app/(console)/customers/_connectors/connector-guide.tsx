import { KeyRound, TriangleAlert } from "lucide-react";
import { buildSnippet, describeEndpoints, secretPlaceholder, customerReferencePlaceholder, type SnippetSetup } from "@/lib/services/connectors/guide";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyButton, CopyField } from "@/components/ui/copy-button";
import { Badge } from "@/components/ui/badge";
import type { ActionState } from "@/lib/actions";
import { SampleProductOffer } from "./sample-product-offer";

const methodTones = { GET: "green", POST: "blue", PUT: "yellow", PATCH: "purple", DELETE: "red" } as const;

function Code({ children }: { children: React.ReactNode }) {
  return <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-800">{children}</code>;
}

/**
 * Everything a customer's developer needs: the key, the secret when it is known (right after
 * creating or rotating), how requests authenticate, every endpoint and a ready-to-run example.
 */
export function ConnectorGuide({
  setup,
  secret,
  rotateControl,
  afterCredentials,
  addSampleAction,
}: {
  setup: SnippetSetup;
  secret?: string;
  rotateControl?: React.ReactNode;
  afterCredentials?: React.ReactNode;
  /** Offered when the catalog is empty, so the example has a product to order. */
  addSampleAction?: (state: ActionState, formData: FormData) => Promise<ActionState>;
}) {
  const snippet = buildSnippet(setup, secret);
  const endpoints = describeEndpoints(setup.type, setup.endpoints);
  return (
    <>
      <Card>
        <CardHeader title="Credentials" description={setup.type === "gelato" ? "Sent as X-API-KEY on every request." : "Used to sign every request with HMAC, as HP's Site Flow SDKs do."} />
        <CardBody className="space-y-4">
          <div>
            <p className="mb-1.5 text-sm font-medium text-slate-800">API key</p>
            <CopyField value={setup.apiKey} label="Copy key" />
          </div>
          <div>
            <p className="mb-1.5 text-sm font-medium text-slate-800">Secret</p>
            {secret ? (
              <div className="space-y-2">
                <div role="alert" className="flex gap-2 rounded-md bg-amber-50 px-3 py-2.5 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset">
                  <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
                  <p>
                    <strong className="font-semibold">Copy the secret now: it will not be shown again.</strong> Store it where the customer&apos;s system keeps its
                    credentials. If it is lost, rotate it to get a new one.
                  </p>
                </div>
                <CopyField value={secret} label="Copy secret" secret />
              </div>
            ) : (
              <p className="flex gap-2 rounded-md bg-slate-50 px-3 py-2.5 text-sm text-slate-600 ring-1 ring-slate-200 ring-inset">
                <KeyRound className="mt-0.5 size-4 shrink-0 text-slate-400" aria-hidden />
                The secret was shown once, when this order API was created or its secret last rotated. Lost it? Rotate it: the old secret stops working at once.
              </p>
            )}
          </div>
          {setup.type === "gelato" ? (
            <div>
              <p className="mb-1.5 text-sm font-medium text-slate-800">Authentication header</p>
              {secret ? (
                <CopyField value={`X-API-KEY: ${setup.apiKey}:${secret}`} label="Copy header" secret />
              ) : (
                <p className="text-sm text-slate-600">
                  <Code>
                    X-API-KEY: {setup.apiKey}:{secretPlaceholder}
                  </Code>
                </p>
              )}
            </div>
          ) : (
            <div className="space-y-2 text-sm text-slate-600">
              <p>
                Sign <Code>METHOD path date</Code> with HMAC-SHA256 (or SHA1) and send <Code>x-oneflow-authorization: key:signature</Code>,{" "}
                <Code>x-oneflow-date</Code> and <Code>x-oneflow-algorithm</Code>. The date must be within 15 minutes of our clock.
              </p>
              <p className="mb-1.5 font-medium text-slate-800">Account name for destination.name</p>
              <CopyField value={setup.siteflowAccount} label="Copy account" />
            </div>
          )}
          {setup.shared ? (
            <p className="rounded-md bg-sky-50 px-3 py-2.5 text-sm text-sky-900 ring-1 ring-sky-200 ring-inset">
              This order API serves all customers: every request names its customer with <Code>Customer-Reference-ID</Code>, the reference id set on the
              customer. An unknown reference id is answered with 404.
            </p>
          ) : null}
          {rotateControl}
        </CardBody>
      </Card>

      {afterCredentials}

      <Card>
        <CardHeader title="Endpoints" description="Give these to the customer's developer. Paths with {id} take our order id or the customer's own order reference." />
        <ul className="divide-y divide-slate-100">
          {endpoints.map((endpoint) => (
            <li key={endpoint.key} className="grid grid-cols-1 gap-1.5 px-5 py-3 sm:grid-cols-[13rem_minmax(0,1fr)] sm:items-center sm:gap-4">
              <div className="flex items-center gap-2 text-sm text-slate-700">
                {endpoint.method ? (
                  <Badge tone={methodTones[endpoint.method as keyof typeof methodTones] ?? "gray"} className="w-14 justify-center font-mono">
                    {endpoint.method}
                  </Badge>
                ) : null}
                <span className="font-medium">{endpoint.label}</span>
              </div>
              <div className="flex items-start gap-2 rounded-md bg-slate-50 px-3 py-2 ring-1 ring-slate-200 ring-inset">
                <code className="min-w-0 flex-1 self-center font-mono text-xs break-all text-slate-800">{endpoint.url}</code>
                <CopyButton value={endpoint.url} label="Copy" />
              </div>
            </li>
          ))}
        </ul>
      </Card>

      <Card>
        <CardHeader
          title={snippet.title}
          description={
            <>
              {secret ? "Ready to run, with this secret filled in." : <>Replace {<Code>{secretPlaceholder}</Code>} with the secret.</>}
              {setup.shared ? (
                <>
                  {" "}
                  Set <Code>{customerReferencePlaceholder}</Code> to a customer&apos;s reference id.
                </>
              ) : null}
              {setup.sample || addSampleAction ? null : " Add a product to the catalog and this example will order it."}
            </>
          }
          actions={<CopyButton value={snippet.code} label="Copy example" />}
        />
        {addSampleAction ? (
          <div className="px-5 pb-4 empty:hidden">
            <SampleProductOffer action={addSampleAction} hasProduct={Boolean(setup.sample)} />
          </div>
        ) : null}
        <pre aria-label="Example" className="max-h-[28rem] overflow-auto rounded-b-lg bg-slate-900 px-5 py-4 font-mono text-xs leading-relaxed text-slate-100">
          <code>{snippet.code}</code>
        </pre>
      </Card>
    </>
  );
}
