import type { Metadata } from "next";
import { History } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { getCustomer } from "@/lib/services/customers";
import { listAudit } from "@/lib/services/audit-list";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { Card, CardBody, CardHeader, DetailList } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Time } from "@/components/ui/time";
import { AuditTrail } from "@/components/console/audit-trail";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { SubmitButton } from "@/components/ui/submit-button";
import { deleteCustomerAction, setCustomerActiveAction } from "../actions";
import { DeleteCustomerForm } from "./delete-customer-form";

export const metadata: Metadata = { title: "Customer" };

export default async function CustomerOverviewPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireStaff();
  const { id } = await paramsOrNotFound(params);
  const customer = await pageOrNotFound(getCustomer({ ctx, customerId: id }));
  const history = await listAudit({ ctx, input: { customerId: id, limit: 50 } });
  return (
    <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-5">
      <div className="space-y-6 xl:col-span-2">
      <Card>
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
      <Card>
        <CardHeader title="Order intake" />
        <CardBody className="space-y-4 text-sm text-slate-600">
          {customer.deactivatedAt ? (
            <>
              <p>
                Deactivated <Time value={customer.deactivatedAt} />: its order APIs refuse new orders and its shops&apos; orders are not taken. Everything received before is kept.
              </p>
              <form action={setCustomerActiveAction.bind(null, customer.id, true)}>
                <SubmitButton pendingText="Reactivating…">Reactivate customer</SubmitButton>
              </form>
            </>
          ) : (
            <>
              <p>Active: orders are taken from its order APIs and its shops.</p>
              <ConfirmButton
                action={setCustomerActiveAction.bind(null, customer.id, false)}
                question={
                  <ul className="list-disc space-y-1 pl-5">
                    <li>Its order APIs (Gelato and SiteFlow) refuse new orders with a clear “customer deactivated” error.</li>
                    <li>Orders from its shops are not taken: webhooks are recorded as ignored and stores are not polled.</li>
                    <li>Orders already received, its history and settings are kept. You can reactivate it at any time.</li>
                  </ul>
                }
                confirmLabel="Deactivate"
                pendingText="Deactivating…"
              >
                Deactivate customer
              </ConfirmButton>
            </>
          )}
        </CardBody>
      </Card>
      <Card className="ring-red-200">
        <CardHeader title="Danger zone" />
        <CardBody className="space-y-4 text-sm text-slate-600">
          <p>
            Deleting disconnects its stores, revokes its order API keys, removes its users, postback triggers and the names, addresses, e-mails and phone numbers on
            its orders. The orders stay, with status, items and totals, for your records. This cannot be undone.
          </p>
          {customer.deactivatedAt ? (
            <DeleteCustomerForm action={deleteCustomerAction.bind(null, customer.id)} customerName={customer.name} />
          ) : (
            <p className="font-medium text-slate-700">Deactivate the customer first; then it can be deleted.</p>
          )}
        </CardBody>
      </Card>
      </div>
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
