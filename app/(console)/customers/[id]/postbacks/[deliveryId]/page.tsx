import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChevronLeft, Clock } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { getDelivery, type AttemptView } from "@/lib/services/postbacks";
import { Card, CardBody, CardHeader, DetailList } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Time } from "@/components/ui/time";
import { PostbackStatusBadge, eventLabel } from "../status-badge";
import { AutoRefresh } from "../auto-refresh";
import { ResendForm } from "./resend-form";

export const metadata: Metadata = { title: "Postback" };

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function Code({ children, testId }: { children: string; testId?: string }) {
  return (
    <pre data-testid={testId} className="max-h-80 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap wrap-anywhere text-slate-800 ring-1 ring-slate-200 ring-inset">
      {children}
    </pre>
  );
}

function responseTone(status: number | null | undefined) {
  if (status === null || status === undefined) return "gray" as const;
  return status >= 200 && status < 300 ? ("green" as const) : ("red" as const);
}

function Attempt({ attempt }: { attempt: AttemptView }) {
  const email = attempt.request.to !== undefined;
  return (
    <li className="px-5 py-4" data-testid="attempt">
      <div className="mb-3 flex flex-wrap items-center gap-2 text-sm">
        <span className="font-semibold text-slate-900">Attempt {attempt.attempt}</span>
        {email ? (
          <Badge tone="green">Mail queued</Badge>
        ) : (
          <Badge tone={responseTone(attempt.response?.status)}>{attempt.response?.status ? `HTTP ${attempt.response.status}` : "No answer"}</Badge>
        )}
        {attempt.durationMs !== null ? <span className="text-slate-500 tabular-nums">{attempt.durationMs} ms</span> : null}
        <span className="text-slate-400">·</span>
        <span className="text-slate-500">
          <Time value={attempt.createdAt} />
        </span>
      </div>
      {attempt.error ? <p className="mb-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200 ring-inset">{attempt.error}</p> : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="min-w-0 space-y-2">
          <h4 className="text-xs font-medium tracking-wide text-slate-500 uppercase">Request</h4>
          {email ? (
            <p className="text-sm text-slate-700">
              Mail to <span className="font-medium">{attempt.request.to}</span>
            </p>
          ) : (
            <>
              <p className="font-mono text-xs break-all text-slate-700">
                <span className="font-semibold">{attempt.request.method}</span> {attempt.request.url}
              </p>
              <dl className="divide-y divide-slate-100 rounded-md text-xs ring-1 ring-slate-200 ring-inset">
                {Object.entries(attempt.request.headers ?? {})
                  .sort(([a], [b]) => a.toLowerCase().localeCompare(b.toLowerCase()))
                  .map(([name, value]) => (
                  <div key={name} className="grid gap-x-2 px-3 py-1.5 sm:grid-cols-[9.5rem_1fr]">
                    <dt className="truncate font-mono text-slate-500" title={name}>
                      {name}
                    </dt>
                    <dd className="min-w-0 font-mono wrap-anywhere text-slate-800">{value}</dd>
                  </div>
                ))}
              </dl>
            </>
          )}
          <details>
            <summary className="cursor-pointer text-xs font-medium text-slate-600 hover:text-slate-900">{email ? "Mail text" : "Body"}</summary>
            <div className="mt-2">
              <Code>{email ? attempt.request.body : prettyBody(attempt.request.body)}</Code>
            </div>
          </details>
        </div>
        <div className="min-w-0 space-y-2">
          <h4 className="text-xs font-medium tracking-wide text-slate-500 uppercase">Response</h4>
          {attempt.response ? (
            <Code testId="response-body">{attempt.response.body ? attempt.response.body : "(empty body)"}</Code>
          ) : (
            <p className="text-sm text-slate-500">No response: see the error above.</p>
          )}
        </div>
      </div>
    </li>
  );
}

export default async function PostbackDeliveryPage({ params }: { params: Promise<{ id: string; deliveryId: string }> }) {
  const ctx = await requireStaff();
  const { id, deliveryId } = await paramsOrNotFound(params);
  const delivery = await pageOrNotFound(getDelivery({ ctx, deliveryId }));
  if (delivery.customerId !== id) notFound();
  const waiting = delivery.status === "pending" || (delivery.status === "retrying" && delivery.nextAttemptAt !== null && new Date(delivery.nextAttemptAt).getTime() - Date.now() < 60_000);
  return (
    <div className="space-y-6">
      <AutoRefresh active={waiting} />
      <Link href={`/customers/${id}/postbacks#log`} className="inline-flex items-center gap-1 text-sm text-slate-500 hover:text-slate-800">
        <ChevronLeft className="size-4" aria-hidden />
        Delivery log
      </Link>
      <div className="grid gap-6 xl:grid-cols-5">
        <Card className="xl:col-span-3">
          <CardHeader
            title={
              <span className="flex flex-wrap items-center gap-2">
                {eventLabel(delivery.eventType)}
                {delivery.orderReference ? <span className="font-normal text-slate-500">· order {delivery.orderReference}</span> : null}
                <PostbackStatusBadge status={delivery.status} />
              </span>
            }
          />
          <DetailList
            items={[
              { label: "Event", value: <span className="font-mono text-xs">{delivery.eventType}</span> },
              {
                label: "webhook-id",
                value: (
                  <span className="inline-flex flex-wrap items-center gap-2">
                    <span className="font-mono text-xs" data-testid="webhook-id">
                      {delivery.webhookId}
                    </span>
                    <CopyButton value={delivery.webhookId} label="Copy" />
                  </span>
                ),
              },
              { label: "Order", value: delivery.orderId ? <span className="font-mono text-xs">{delivery.orderReference ?? ""} ({delivery.orderId})</span> : "None (a test)" },
              {
                label: "Sent to",
                value: (
                  <span className="min-w-0">
                    {delivery.trigger.name ? <span className="block">{delivery.trigger.name}</span> : null}
                    <span className="font-mono text-xs break-all text-slate-600">{delivery.trigger.target}</span>
                  </span>
                ),
              },
              { label: "Attempts", value: String(delivery.attemptCount) },
              ...(delivery.status === "retrying" && delivery.nextAttemptAt ? [{ label: "Next attempt", value: <Time value={delivery.nextAttemptAt} /> }] : []),
              ...(delivery.status === "retrying" || delivery.status === "pending" ? [{ label: "Retried until", value: <Time value={delivery.retryUntil} /> }] : []),
              ...(delivery.deliveredAt ? [{ label: "Delivered", value: <Time value={delivery.deliveredAt} /> }] : []),
              { label: "Created", value: <Time value={delivery.createdAt} /> },
            ]}
          />
          <div className="border-t border-slate-100 px-5 py-4">
            <ResendForm customerId={id} deliveryId={delivery.id} delivered={delivery.status === "succeeded"} />
          </div>
        </Card>
        <Card className="xl:col-span-2">
          <CardHeader title="Body" description={delivery.trigger.delivery === "email" ? "The mail, as rendered when the event happened." : "Sent as is on every attempt and resend."} />
          <CardBody>
            <Code testId="delivery-body">{prettyBody(delivery.body)}</Code>
          </CardBody>
        </Card>
      </div>
      <Card>
        <CardHeader title="Attempts" description="Newest last. Secret header values are shown as [redacted]; response bodies are cut at 4 KB." />
        {delivery.attempts.length === 0 ? (
          <EmptyState icon={Clock} title="Not sent yet">
            The first attempt is queued and usually runs within a second. This page refreshes by itself.
          </EmptyState>
        ) : (
          <ol className="divide-y divide-slate-100">
            {delivery.attempts.map((attempt) => (
              <Attempt key={attempt.attempt + attempt.createdAt} attempt={attempt} />
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}
