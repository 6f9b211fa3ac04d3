import type { Metadata } from "next";
import { requireStaff } from "@/lib/auth/guards";
import { PageHeader } from "@/components/ui/page-header";
import { CreateConnectorForm } from "../../_connectors/create-connector-form";
import { createConnectorAction } from "../../_connectors/actions";
import { orderApisPath } from "../../_connectors/paths";

export const metadata: Metadata = { title: "New shared order API" };

export default async function NewSharedOrderApiPage() {
  await requireStaff();
  const listHref = orderApisPath(null);
  return (
    <div className="max-w-4xl">
      <PageHeader
        back={{ href: listHref, label: "Shared order APIs" }}
        title="New shared order API"
        description="Serves all customers: each request names its customer with Customer-Reference-ID. The secret is shown only once."
      />
      <CreateConnectorForm
        action={createConnectorAction.bind(null, null)}
        listHref={listHref}
        title="Order API for all customers"
        description="Pick the dialect the integrator's software speaks."
      />
    </div>
  );
}
