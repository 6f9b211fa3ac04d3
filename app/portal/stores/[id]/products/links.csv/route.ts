import { requireCustomerUser } from "@/lib/auth/guards";
import { isAppError } from "@/lib/errors";
import { linksImportResponse } from "@/lib/next/links-csv-import";
import { pageOrNotFound } from "@/lib/next/not-found";
import { exportLinksCsv } from "@/lib/services/stores";

// GET /portal/stores/{id}/products/links.csv – the store's variants and links, for the bulk import
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireCustomerUser();
  const { id } = await params;
  const rows = exportLinksCsv({ ctx, storeId: id });
  // The first chunk checks the store against the signed-in customer before the answer starts.
  const first = await rows.next().catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") return null;
    throw error;
  });
  if (!first) return new Response("Not found", { status: 404 });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (!first.done) controller.enqueue(encoder.encode(first.value));
    },
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new Response(body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${id}-links.csv"` } });
}

// POST /portal/stores/{id}/products/links.csv – link variants from the filled-in file; progress
// events, one JSON object per line, then the row-by-row report
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireCustomerUser();
  const { id } = await params;
  return pageOrNotFound(linksImportResponse(ctx, id, request));
}
