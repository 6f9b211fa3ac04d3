import type { Metadata } from "next";
import Link from "next/link";
import { BellRing, Globe, Mail, ScrollText, Send, Trash2 } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { getPostbackSecretStatus, listDeliveries, listTriggers, testEventType, type TriggerView } from "@/lib/services/postbacks";
import { postbackStatuses, type PostbackStatus } from "@/db/schema/enums";
import { isPostbackEvent, postbackEvents } from "@/lib/domain/postbacks";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Button, LinkButton, buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, THead, Th, TBody, Td } from "@/components/ui/table";
import { Pagination, withParams } from "@/components/ui/pagination";
import { inputClass } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
import { cn } from "@/components/ui/cn";
import { TriggerForm } from "./trigger-form";
import { SecretControls } from "./secret-card";
import { ConfirmButton } from "./confirm-button";
import { PostbackStatusBadge, eventLabel, lastAnswer, postbackStatusLabels } from "./status-badge";
import { deleteTriggerAction, sendTestAction } from "./actions";

export const metadata: Metadata = { title: "Postbacks" };

const pageSize = 25;

type Search = { status?: string; event?: string; trigger?: string; offset?: string };

const verificationSnippet = `import { createHmac, timingSafeEqual } from "node:crypto";

// headers: the request headers; body: the raw request body, as received
function isGenuine(secret, headers, body) {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const expected = createHmac("sha256", key).update(\`\${id}.\${timestamp}.\${body}\`).digest();
  return headers["webhook-signature"].split(" ").some((entry) => {
    const given = Buffer.from(entry.replace(/^v1,/, ""), "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}`;

function FilterSelect({ name, label, value, options }: { name: string; label: string; value: string | undefined; options: Array<{ value: string; label: string }> }) {
  return (
    <div className="min-w-36 flex-1 sm:flex-none">
      <label htmlFor={`filter-${name}`} className="text-xs font-medium text-slate-500">
        {label}
      </label>
      <select id={`filter-${name}`} name={name} defaultValue={value ?? ""} className={cn(inputClass, "mt-1")}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function TriggerRow({ customerId, trigger }: { customerId: string; trigger: TriggerView }) {
  const Icon = trigger.delivery === "email" ? Mail : Globe;
  const target = trigger.delivery === "email" ? trigger.email : trigger.url;
  return (
    <li className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-start">
      <div className="hidden size-9 shrink-0 items-center justify-center rounded-full bg-slate-100 text-slate-500 sm:flex">
        <Icon className="size-4" aria-hidden />
      </div>
      <div className="min-w-0 flex-1 space-y-1.5">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-medium text-slate-900">{trigger.name ?? (trigger.delivery === "email" ? "Email" : "Web address")}</span>
          {trigger.method ? <Badge tone="purple">{trigger.method}</Badge> : null}
          {trigger.headerNames.length > 0 ? (
            <span className="text-xs text-slate-500" title={trigger.headerNames.join(", ")}>
              + {trigger.headerNames.length === 1 ? trigger.headerNames[0] : `${trigger.headerNames.length} headers`}
            </span>
          ) : null}
          {trigger.template ? <Badge>Custom body</Badge> : null}
        </div>
        <p className="truncate font-mono text-xs text-slate-600" title={target ?? undefined}>
          {target}
        </p>
        <div className="flex flex-wrap gap-1">
          {trigger.events.map((event) => (
            <Badge key={event} tone="indigo">
              {eventLabel(event)}
            </Badge>
          ))}
        </div>
      </div>
      <div className="flex shrink-0 gap-2">
        <form action={sendTestAction.bind(null, customerId)}>
          <input type="hidden" name="triggerId" value={trigger.id} />
          <Button type="submit" size="sm" variant="secondary">
            <Send className="size-3.5" aria-hidden />
            Send test
          </Button>
        </form>
        <form action={deleteTriggerAction.bind(null, customerId)}>
          <input type="hidden" name="triggerId" value={trigger.id} />
          <ConfirmButton question="Delete this trigger? Its delivery log is deleted with it.">
            <Trash2 className="size-3.5" aria-hidden />
            Delete
          </ConfirmButton>
        </form>
      </div>
    </li>
  );
}

export default async function CustomerPostbacksPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Search> }) {
  const ctx = await requireStaff();
  const { id } = await paramsOrNotFound(params);
  const search = await searchParams;
  const status = (postbackStatuses as readonly string[]).includes(search.status ?? "") ? (search.status as PostbackStatus) : undefined;
  const eventType = search.event && (isPostbackEvent(search.event) || search.event === testEventType) ? search.event : undefined;
  const offset = Math.max(0, Number.parseInt(search.offset ?? "0", 10) || 0);
  const triggers = await pageOrNotFound(listTriggers({ ctx, customerId: id }));
  const triggerId = triggers.some((trigger) => trigger.id === search.trigger) ? search.trigger : undefined;
  const [secret, deliveries] = await Promise.all([
    getPostbackSecretStatus({ ctx, customerId: id }),
    listDeliveries({ ctx, input: { customerId: id, status, eventType, triggerId, limit: pageSize, offset } }),
  ]);
  const base = `/customers/${id}/postbacks`;
  const current = { status, event: eventType, trigger: triggerId };
  const filtered = Boolean(status || eventType || triggerId);
  const total = deliveries.total ?? 0;

  return (
    <div className="space-y-6">
      <div className="grid items-start gap-6 xl:grid-cols-5">
        <Card className="xl:col-span-3">
          <CardHeader title="Triggers" description="Which order events this customer hears about, and where. Web addresses get signed JSON; email gets a readable mail." />
          {triggers.length === 0 ? (
            <EmptyState icon={BellRing} title="No triggers yet">
              Add a trigger to tell this customer&apos;s systems when orders are received, shipped or canceled. Use the form to choose events and a web address or an email.
            </EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100">
              {triggers.map((trigger) => (
                <TriggerRow key={trigger.id} customerId={id} trigger={trigger} />
              ))}
            </ul>
          )}
        </Card>
        <Card className="xl:col-span-2">
          <CardHeader title="New trigger" />
          <CardBody>
            <TriggerForm customerId={id} />
          </CardBody>
        </Card>
      </div>

      <Card>
        <CardHeader
          title="Signing secret"
          description={
            <>
              Every web postback carries <code className="font-mono text-xs">webhook-id</code>, <code className="font-mono text-xs">webhook-timestamp</code> and{" "}
              <code className="font-mono text-xs">webhook-signature</code> headers (Standard Webhooks). The receiver checks them with this secret.
            </>
          }
        />
        <CardBody className="grid gap-6 lg:grid-cols-2">
          <SecretControls customerId={id} exists={secret.exists} previousSecretExpiresAt={secret.previousSecretExpiresAt} />
          <div className="min-w-0">
            <p className="mb-2 text-sm text-slate-600">
              Checking a postback in Node.js (any Standard Webhooks library works too). Retries and resends keep their <code className="font-mono text-xs">webhook-id</code>: use it to ignore duplicates.
            </p>
            <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-[11px] leading-relaxed text-slate-100" data-testid="verification-snippet">
              {verificationSnippet}
            </pre>
          </div>
        </CardBody>
      </Card>

      <Card>
        <div id="log" className="scroll-mt-6">
          <CardHeader title="Delivery log" description="Every postback with its attempts. Failed attempts are retried with growing pauses for 24 hours." />
        </div>
        <form action={base} method="get" className="flex flex-wrap items-end gap-2 border-b border-slate-100 px-5 py-3" aria-label="Filter the delivery log">
          <FilterSelect
            name="status"
            label="Status"
            value={status}
            options={[{ value: "", label: "All statuses" }, ...postbackStatuses.map((value) => ({ value, label: postbackStatusLabels[value] }))]}
          />
          <FilterSelect
            name="event"
            label="Event"
            value={eventType}
            options={[{ value: "", label: "All events" }, ...[...postbackEvents, testEventType].map((value) => ({ value, label: eventLabel(value) }))]}
          />
          {triggers.length > 1 ? (
            <FilterSelect
              name="trigger"
              label="Trigger"
              value={triggerId}
              options={[{ value: "", label: "All triggers" }, ...triggers.map((trigger) => ({ value: trigger.id, label: trigger.name ?? trigger.url ?? trigger.email ?? trigger.id }))]}
            />
          ) : null}
          <button type="submit" className={buttonClass("secondary", "md")}>
            Filter
          </button>
          {filtered ? (
            <Link href={base} className={buttonClass("ghost", "md")}>
              Clear
            </Link>
          ) : null}
        </form>
        {deliveries.data.length === 0 ? (
          filtered ? (
            <EmptyState icon={ScrollText} title="No postbacks match these filters" action={<LinkButton href={base} variant="secondary">Clear filters</LinkButton>}>
              Try another status or event.
            </EmptyState>
          ) : (
            <EmptyState icon={ScrollText} title="Nothing sent yet">
              {triggers.length === 0
                ? "Postbacks appear here once a trigger exists and this customer's orders change status."
                : "Postbacks appear here as this customer's orders change status. Use “Send test” on a trigger to try the receiver now."}
            </EmptyState>
          )
        ) : (
          <>
            <Table>
              <THead>
                <Th>Event</Th>
                <Th className="hidden sm:table-cell">Sent to</Th>
                <Th className="hidden sm:table-cell">Status</Th>
                <Th className="hidden sm:table-cell">Attempts</Th>
                <Th>Last answer</Th>
                <Th className="hidden text-right sm:table-cell">Created</Th>
              </THead>
              <TBody>
                {deliveries.data.map((delivery) => (
                  <tr key={delivery.id} className="hover:bg-slate-50">
                    <Td>
                      <Link href={`${base}/${delivery.id}`} className="font-medium text-slate-900 hover:text-brand-700">
                        {eventLabel(delivery.eventType)}
                      </Link>
                      <div className="text-xs text-slate-500">{delivery.orderReference ? `Order ${delivery.orderReference}` : delivery.eventType}</div>
                      <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-500 sm:hidden">
                        <PostbackStatusBadge status={delivery.status} />
                        <Time value={delivery.createdAt} />
                      </div>
                    </Td>
                    <Td className="hidden max-w-64 sm:table-cell">
                      <div className="truncate text-slate-700">{delivery.trigger.name ?? delivery.trigger.target}</div>
                      {delivery.trigger.name ? <div className="truncate font-mono text-xs text-slate-400">{delivery.trigger.target}</div> : null}
                    </Td>
                    <Td className="hidden sm:table-cell">
                      <PostbackStatusBadge status={delivery.status} />
                      {delivery.status === "retrying" && delivery.nextAttemptAt ? (
                        <div className="mt-1 text-xs whitespace-nowrap text-slate-500">
                          next <Time value={delivery.nextAttemptAt} />
                        </div>
                      ) : null}
                    </Td>
                    <Td className="hidden tabular-nums sm:table-cell">{delivery.attemptCount}</Td>
                    <Td className="max-w-56">
                      <div className={cn("truncate", delivery.lastError ? "text-red-700" : "text-slate-600")} title={delivery.lastError ?? undefined}>
                        {lastAnswer(delivery)}
                      </div>
                    </Td>
                    <Td className="hidden text-right text-slate-500 sm:table-cell">
                      <Time value={delivery.createdAt} />
                    </Td>
                  </tr>
                ))}
              </TBody>
            </Table>
            <Pagination offset={offset} limit={pageSize} total={total} hrefFor={(next) => `${withParams(base, current, { offset: next })}#log`} />
          </>
        )}
      </Card>
    </div>
  );
}
