import type { Metadata } from "next";
import { requireStaff } from "@/lib/auth/guards";
import { getCustomer } from "@/lib/services/customers";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CustomerForm } from "../../customer-form";
import { updateCustomerAction } from "../../actions";

export const metadata: Metadata = { title: "Edit customer" };

export default async function EditCustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireStaff();
  const { id } = await paramsOrNotFound(params);
  const customer = await pageOrNotFound(getCustomer({ ctx, customerId: id }));
  return (
    <Card className="max-w-2xl">
      <CardHeader title="Edit details" />
      <CardBody>
        <CustomerForm action={updateCustomerAction.bind(null, customer.id)} defaults={customer} submitLabel="Save changes" cancelHref={`/customers/${customer.id}`} />
      </CardBody>
    </Card>
  );
}
