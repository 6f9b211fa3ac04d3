import type { Metadata } from "next";
import { Package } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Catalog" };

export default async function CatalogPage() {
  await requireStaff();
  return (
    <>
      <PageHeader title="Catalog" description="The products you print, and the shipping methods you offer." />
      <Card>
        <EmptyState icon={Package} title="No products yet">
          Products are what customers' orders resolve to. Add them here or import a CSV.
        </EmptyState>
      </Card>
    </>
  );
}
