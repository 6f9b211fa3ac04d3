import type { Metadata } from "next";
import Link from "next/link";
import { FileUp, Package, Plus } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { listProducts } from "@/lib/services/catalog";
import { Card } from "@/components/ui/card";
import { LinkButton, buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, THead, Th, TBody, Td } from "@/components/ui/table";
import { Pagination, withParams } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { Badge } from "@/components/ui/badge";
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
  const page = await listProducts({ ctx, input: { q, active: statusFilters[status ?? "all"], limit: pageSize, offset, sort: "productUid" } });
  const total = page.total ?? 0;
  const filtered = Boolean(q || status);

  return (
    <>
      <CatalogHeader />
      <Card>
        {total > 0 || filtered ? (
          <div className="border-b border-slate-100 px-5 py-3">
            <SearchForm action="/catalog" defaultValue={q} placeholder="Search by productUid or title">
              <div className="flex gap-2">
                <select
                  name="status"
                  defaultValue={status ?? ""}
                  aria-label="Availability"
                  className="h-9 rounded-md border-0 bg-white py-0 pr-8 pl-3 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-500"
                >
                  <option value="">All products</option>
                  <option value="active">Active only</option>
                  <option value="inactive">Inactive only</option>
                </select>
                <button type="submit" className={buttonClass("secondary")}>
                  Filter
                </button>
              </div>
            </SearchForm>
          </div>
        ) : null}
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
                <Th className="hidden md:table-cell">Print areas</Th>
                <Th className="hidden md:table-cell">Options</Th>
                <Th className="text-right">Status</Th>
              </THead>
              <TBody>
                {page.data.map((product) => (
                  <tr key={product.id} className="hover:bg-slate-50">
                    <Td>
                      <Link href={`/catalog/${product.id}`} className="font-medium text-slate-900 hover:text-brand-700">
                        {product.title}
                      </Link>
                      <div className="font-mono text-xs break-all text-slate-500">{product.productUid}</div>
                      <div className="mt-1.5 space-y-1 md:hidden">
                        <PrintAreas fileTypes={product.fileTypes} />
                        <OptionList options={product.options} />
                      </div>
                    </Td>
                    <Td className="hidden md:table-cell">
                      <PrintAreas fileTypes={product.fileTypes} />
                    </Td>
                    <Td className="hidden md:table-cell">
                      <OptionList options={product.options} />
                    </Td>
                    <Td className="text-right align-top md:align-middle">{product.active ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>}</Td>
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

function PrintAreas({ fileTypes }: { fileTypes: string[] }) {
  return (
    <div className="flex max-w-xs flex-wrap gap-1">
      {fileTypes.map((fileType) => (
        <Badge key={fileType} tone="blue">
          {fileType}
        </Badge>
      ))}
    </div>
  );
}

function OptionList({ options }: { options: Record<string, string> }) {
  const entries = Object.entries(options);
  if (entries.length === 0) return <span className="hidden text-slate-400 md:inline">—</span>;
  return (
    <dl className="flex max-w-sm flex-wrap gap-x-3 gap-y-0.5 text-xs">
      {entries.map(([name, value]) => (
        <div key={name} className="flex gap-1">
          <dt className="text-slate-500">{name}</dt>
          <dd className="font-medium break-words text-slate-700">{value || "—"}</dd>
        </div>
      ))}
    </dl>
  );
}
