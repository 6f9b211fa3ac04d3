import type { Metadata } from "next";
import { Download } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { productCsvColumns } from "@/lib/services/catalog";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { CatalogHeader } from "../catalog-header";
import { ImportForm } from "./import-form";

export const metadata: Metadata = { title: "Import products" };

export default async function ImportProductsPage() {
  await requireStaff();
  return (
    <>
      <CatalogHeader />
      <div className="grid gap-6 xl:grid-cols-5">
        <Card className="xl:col-span-3">
          <CardHeader title="Import products from CSV" description="New product UIDs are created, existing ones are updated. Rows with errors are skipped and listed below; the others are saved." />
          <CardBody className="py-5">
            <ImportForm />
          </CardBody>
        </Card>
        <Card className="xl:col-span-2">
          <CardHeader
            title="The file"
            description="One product per row, with a header row. Up to 20,000 rows and 8 MB."
            actions={
              <a href="/catalog/template.csv" download className={buttonClass("secondary", "sm")}>
                <Download className="size-3.5" aria-hidden />
                Download template
              </a>
            }
          />
          <dl className="divide-y divide-slate-100">
            {productCsvColumns.map((column) => (
              <div key={column.name} className="px-5 py-2.5">
                <dt className="font-mono text-xs font-medium text-slate-800">{column.name}</dt>
                <dd className="mt-0.5 text-sm text-slate-500">{column.description}</dd>
              </div>
            ))}
          </dl>
        </Card>
      </div>
    </>
  );
}
