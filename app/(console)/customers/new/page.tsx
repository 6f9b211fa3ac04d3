import type { Metadata } from "next";
import { requireStaff } from "@/lib/auth/guards";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardBody } from "@/components/ui/card";
import { CustomerForm } from "../customer-form";
import { createCustomerAction } from "../actions";

export const metadata: Metadata = { title: "New customer" };

export default async function NewCustomerPage() {
  await requireStaff();
  return (
    <div className="max-w-2xl">
      <PageHeader title="New customer" description="A business that sends you orders. Add its order APIs, lookups and storefront access once it exists." back={{ href: "/customers", label: "Customers" }} />
      <Card>
        <CardBody>
          <CustomerForm action={createCustomerAction} submitLabel="Create customer" cancelHref="/customers" />
        </CardBody>
      </Card>
    </div>
  );
}
