import type { Metadata } from "next";
import { Package } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { getCustomer } from "@/lib/services/customers";
import { getCatalogAccess, listCatalogChoices } from "@/lib/services/catalog-access";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { CatalogAccessForm } from "./catalog-form";
import { saveCatalogAccessAction } from "./actions";

export const metadata: Metadata = { title: "Catalog access" };

export default async function CatalogAccessTab({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireStaff();
  const { id } = await paramsOrNotFound(params);
  const customer = await pageOrNotFound(getCustomer({ ctx, customerId: id }));
  const [access, choices] = await Promise.all([getCatalogAccess({ ctx, customerId: id }), listCatalogChoices({ ctx, customerId: id })]);
  return (
    <Card className="max-w-4xl">
      <CardHeader title="Products for storefronts" description={`Which of your catalog products ${customer.name} may link its shop products to and publish. Inactive products are never offered.`} />
      {choices.length === 0 ? (
        <EmptyState icon={Package} title="Your catalog is empty" action={<LinkButton href="/catalog" variant="secondary">Go to the catalog</LinkButton>}>
          Add products to the catalog first; by default every customer may then use all of them.
        </EmptyState>
      ) : (
        <CardBody>
          <CatalogAccessForm action={saveCatalogAccessAction.bind(null, customer.id)} mode={access.mode} choices={choices} />
        </CardBody>
      )}
    </Card>
  );
}
