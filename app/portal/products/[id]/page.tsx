import type { Metadata } from "next";
import { Link2 } from "lucide-react";
import { requireCustomerUser } from "@/lib/auth/guards";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { Card, CardHeader, DetailList } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { LinkButton } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { portalPages } from "../../loaders";
import { OptionList } from "../option-list";

export const metadata: Metadata = { title: "Product" };

export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireCustomerUser();
  const { product, partner } = await pageOrNotFound(portalPages["/portal/products/[id]"](ctx, await paramsOrNotFound(params)));
  return (
    <>
      <PageHeader
        back={{ href: "/portal/products", label: "Products" }}
        title={product.title}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <span className="font-mono text-xs">{product.productUid}</span>
            <CopyButton value={product.productUid} label="Copy product id" />
          </span>
        }
      />
      <div className="grid gap-6 lg:grid-cols-5">
        <Card className="lg:col-span-2">
          <CardHeader title="Details" />
          <DetailList
            items={[
              { label: "Description", value: product.description ? <span className="whitespace-pre-line">{product.description}</span> : null },
              { label: "Options", value: <OptionList options={product.options} /> },
              {
                label: "Print areas",
                value: (
                  <span className="flex flex-wrap gap-1.5">
                    {product.fileTypes.map((fileType) => (
                      <Badge key={fileType} tone="indigo">
                        {fileType}
                      </Badge>
                    ))}
                  </span>
                ),
              },
            ]}
          />
          <p className="border-t border-slate-100 px-5 py-3 text-xs text-slate-500">
            Each print area takes one design file. Files must be reachable by URL so {partner} can fetch them for every order.
          </p>
        </Card>
        <Card className="lg:col-span-3">
          <CardHeader title="Linked shop products" description="Shop products and variants that are printed as this product." />
          <EmptyState icon={Link2} title="No shop products linked yet" action={<LinkButton href="/portal/stores" variant="secondary">Go to Stores</LinkButton>}>
            A shop variant is linked the first time one of its orders arrives: the order waits and shows &ldquo;Link this variant&rdquo;, where you choose this product and its design file for every print area.
          </EmptyState>
        </Card>
      </div>
    </>
  );
}
