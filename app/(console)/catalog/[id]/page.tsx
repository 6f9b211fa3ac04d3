import type { Metadata } from "next";
import { requireStaff } from "@/lib/auth/guards";
import { getProductById } from "@/lib/services/catalog";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardBody, CardHeader, DetailList } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { SubmitButton } from "@/components/ui/submit-button";
import { Alert } from "@/components/ui/form";
import { Time } from "@/components/ui/time";
import { ProductForm } from "../product-form";
import { setProductActiveAction, updateProductAction } from "../actions";

export const metadata: Metadata = { title: "Product" };

export default async function ProductPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ created?: string }> }) {
  const ctx = await requireStaff();
  const { id } = await paramsOrNotFound(params);
  const { created } = await searchParams;
  const product = await pageOrNotFound(getProductById({ ctx, productId: id }));
  return (
    <>
      <PageHeader
        back={{ href: "/catalog", label: "Catalog" }}
        title={
          <span className="flex flex-wrap items-center gap-2">
            {product.title}
            {product.active ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>}
          </span>
        }
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <span className="font-mono text-xs text-slate-700">{product.productUid}</span>
            <CopyButton value={product.productUid} label="Copy UID" />
          </span>
        }
      />
      {created ? (
        <div className="mb-6">
          <Alert tone="success">Product created. Orders can use it as {product.productUid} from now on.</Alert>
        </div>
      ) : null}
      <div className="grid gap-6 xl:grid-cols-3">
        <Card className="xl:col-span-2">
          <CardHeader title="Product details" description="Title, print areas and options. The product UID stays as it is." />
          <CardBody className="py-5">
            <ProductForm
              action={updateProductAction.bind(null, product.productUid)}
              defaults={product}
              submitLabel="Save changes"
              cancelHref="/catalog"
              isNew={false}
            />
          </CardBody>
        </Card>
        <div className="space-y-6">
          <Card>
            <CardHeader title="Availability" />
            <CardBody className="space-y-4 text-sm text-slate-600">
              {product.active ? (
                <>
                  <p>Active: orders for this product are accepted.</p>
                  <ConfirmButton
                    action={setProductActiveAction.bind(null, product.productUid, false)}
                    question="New orders for this product will be refused until you reactivate it. Orders already received are not affected."
                    confirmLabel="Deactivate"
                    pendingText="Deactivating…"
                  >
                    Deactivate product
                  </ConfirmButton>
                </>
              ) : (
                <>
                  <p>Inactive: new orders for this product are refused with a clear error. It stays in the catalog so you can bring it back.</p>
                  <form action={setProductActiveAction.bind(null, product.productUid, true)}>
                    <SubmitButton pendingText="Reactivating…">Reactivate product</SubmitButton>
                  </form>
                </>
              )}
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Record" />
            <DetailList
              items={[
                { label: "Id", value: <span className="font-mono text-xs">{product.id}</span> },
                { label: "Created", value: <Time value={product.createdAt} /> },
                { label: "Last changed", value: <Time value={product.updatedAt} /> },
              ]}
            />
          </Card>
        </div>
      </div>
    </>
  );
}
