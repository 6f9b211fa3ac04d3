import { notFound } from "next/navigation";
import { requireStaff } from "@/lib/auth/guards";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { formatEntriesCsv, getLookup, getLookupEntries } from "@/lib/services/lookups";

// GET /customers/:id/lookups/:lookupId/export – the entries as a CSV download
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; lookupId: string }> }) {
  const ctx = await requireStaff();
  const { id, lookupId } = await paramsOrNotFound(params);
  const lookup = await pageOrNotFound(getLookup({ ctx, lookupId }));
  if (lookup.customerId !== id) notFound();
  const csv = formatEntriesCsv(await getLookupEntries({ ctx, lookupId }));
  const name = `${lookup.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "lookup"}-${lookup.field}.csv`;
  // The byte order mark lets spreadsheet programs read non-ASCII text as UTF-8; import skips it.
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
    },
  });
}
