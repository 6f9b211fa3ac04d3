import { Plus } from "lucide-react";
import { PageHeader } from "@/components/ui/page-header";
import { LinkButton } from "@/components/ui/button";
import { RouteTabs } from "@/components/ui/tabs";

const tabs = [
  { segment: "", label: "Products" },
  { segment: "shipping-methods", label: "Shipping methods" },
  { segment: "import", label: "Import CSV" },
];

/** The catalog's title, main actions and section tabs, shared by its list pages. */
export function CatalogHeader() {
  return (
    <>
      <PageHeader
        title="Catalog"
        description="The products you print and the shipping methods you offer. Every order item resolves to a product here."
        actions={
          <LinkButton href="/catalog/new">
            <Plus className="size-4" aria-hidden />
            New product
          </LinkButton>
        }
      />
      <div className="mb-6">
        <RouteTabs base="/catalog" tabs={tabs} />
      </div>
    </>
  );
}
