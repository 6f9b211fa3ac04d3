import type { Metadata } from "next";
import Link from "next/link";
import { ChevronLeft } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { CreateConnectorForm } from "../../../_connectors/create-connector-form";
import { createConnectorAction } from "../../../_connectors/actions";
import { orderApisPath } from "../../../_connectors/paths";
import { paramsOrNotFound } from "@/lib/next/not-found";

export const metadata: Metadata = { title: "New order API" };

export default async function NewCustomerOrderApiPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff();
  const { id } = await paramsOrNotFound(params);
  const listHref = orderApisPath(id);
  return (
    <div className="max-w-4xl space-y-4">
      <Link href={listHref} className="inline-flex items-center gap-1 text-sm text-slate-500 hover:text-slate-800">
        <ChevronLeft className="size-4" aria-hidden />
        Order APIs
      </Link>
      <CreateConnectorForm
        action={createConnectorAction.bind(null, id)}
        listHref={listHref}
        title="New order API"
        description="The customer's system sends orders here. You get its key and secret right away; the secret is shown only once."
      />
    </div>
  );
}
