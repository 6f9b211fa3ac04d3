import type { Metadata } from "next";
import Link from "next/link";
import { FileUp, Package, Plus } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { listProducts } from "@/lib/services/catalog";
import { Card } from "@/components/ui/card";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, THead, Th, TBody, Td } from "@/components/ui/table";
import { Pagination, withParams } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { Badge } from "@/components/ui/badge";
import { inputClass } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import { CatalogHeader } from "./catalog-header";

export const metadata: Metadata = { title: "Catalog" };

const pageSize = 25;
const statusFilters = { all: undefined, active: true, inactive: false } as const;

export default async function CatalogPage({ searchParams }: { searchParams: Promise<{ q?: string; offset?: string; status?: string }> }) {
  const ctx = await requireStaff();
  const params = await searchParams;
  const q = params.q?.trim() || undefined;
  const status = params.status === "active" || params.status === "inactive" ? params.status : undefined;
  const offset = Math.max(0, Number.parseInt(params.offset ?? "0", 10) || 0);
  const page = await listProducts({ ctx, input: { q, active: statusFilters[status ?? "all"], limit: pageSize, offset } });
  const total = page.total ?? 0;
  const filtered = Boolean(q || status);

  return (
    <>
      <CatalogHeader />
      <Card>
        <div className="border-b border-slate-100 px-5 py-3">
          <SearchForm action="/catalog" defaultValue={q} placeholder="Search by productUid or title">
            <select name="status" defaultValue={status ?? ""} aria-label="Availability" className={cn(inputClass, "w-auto pr-8")}>
              <option value="">All products</option>
              <option value="active">Active only</option>
              <option value="inactive">Inactive only</option>
            </select>
            <button type="submit" className="h-9 rounded-md bg-white px-3 text-sm font-medium text-slate-700 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50">
              Filter
            </button>
          </SearchForm>
        </div>
        {page.data.length === 0 ? (
          filtered ? (
            <EmptyState icon={Package} title={q ? `No product matches “${q}”` : "No products with this availability"} action={<LinkButton href="/catalog" variant="secondary">Clear filters</LinkButton>}>
              Search matches any part of a productUid or title. Check the spelling or change the availability filter.
            </EmptyState>
          ) : (
            <EmptyState
              icon={Package}
              title="No products yet"
              action={
                <div className="flex flex-wrap justify-center gap-2">
                  <LinkButton href="/catalog/new">
                    <Plus className="size-4" aria-hidden />
                    Add a product
                  </LinkButton>
                  <LinkButton href="/catalog/import" variant="secondary">
                    <FileUp className="size-4" aria-hidden />
                    Import a CSV
                  </LinkButton>
                </div>
              }
            >
              Orders resolve every item to a product in this catalog, so add the products you print first: one at a time, or many at once from a CSV file.
            </EmptyState>
          )
        ) : (
          <>
            <Table>
              <THead>
                <Th>Product</Th>
                <Th>Print areas</Th>
                <Th>Options</Th>
                <Th className="text-right">Status</Th>
              </THead>
              <TBody>
                {page.data.map((product) => (
                  <tr key={product.id} className="hover:bg-slate-50">
                    <Td>
                      <Link href={`/catalog/${product.id}`} className="font-medium text-slate-900 hover:text-brand-700">
                        {product.title}
                      </Link>
                      <div className="font-mono text-xs text-slate-500">{product.productUid}</div>
                    </Td>
                    <Td>
                      <div className="flex max-w-xs flex-wrap gap-1">
                        {product.fileTypes.map((fileType) => (
                          <Badge key={fileType} tone="blue">
                            {fileType}
                          </Badge>
                        ))}
                      </div>
                    </Td>
                    <Td>
                      {Object.keys(product.options).length === 0 ? (
                        <span className="text-slate-400">—</span>
                      ) : (
                        <dl className="grid max-w-sm grid-cols-[auto_1fr] gap-x-2 text-xs">
                          {Object.entries(product.options).map(([name, value]) => (
                            <div key={name} className="contents">
                              <dt className="text-slate-500">{name}</dt>
                              <dd className="truncate font-medium text-slate-700">{value || "—"}</dd>
                            </div>
                          ))}
                        </dl>
                      )}
                    </Td>
                    <Td className="text-right">{product.active ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>}</Td>
                  </tr>
                ))}
              </TBody>
            </Table>
            <Pagination offset={offset} limit={pageSize} total={total} hrefFor={(next) => withParams("/catalog", { q, status }, { offset: next })} />
          </>
        )}
      </Card>
    </>
  );
}
