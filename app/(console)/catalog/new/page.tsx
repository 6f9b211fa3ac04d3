import type { Metadata } from "next";
import { requireStaff } from "@/lib/auth/guards";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardBody } from "@/components/ui/card";
import { ProductForm } from "../product-form";
import { createProductAction } from "../actions";

export const metadata: Metadata = { title: "New product" };

export default async function NewProductPage() {
  await requireStaff();
  return (
    <div className="max-w-3xl">
      <PageHeader
        back={{ href: "/catalog", label: "Catalog" }}
        title="New product"
        description="A product you print. Orders name it by its product UID, directly or through a customer's lookup."
      />
      <Card>
        <CardBody className="py-5">
          <ProductForm action={createProductAction} submitLabel="Create product" cancelHref="/catalog" isNew />
        </CardBody>
      </Card>
    </div>
  );
}
