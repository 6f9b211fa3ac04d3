import { notFound } from "next/navigation";
import { requireStaff } from "@/lib/auth/guards";
import { linksImportResponse } from "@/lib/next/links-csv-import";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { exportLinksCsv, getStore } from "@/lib/services/stores";

async function customerStore(params: Promise<{ id: string; storeId: string }>) {
  const ctx = await requireStaff();
  const { id, storeId } = await paramsOrNotFound(params);
  const store = await pageOrNotFound(getStore({ ctx, storeId }));
  if (store.customerId !== id) notFound();
  return { ctx, store };
}

// GET /customers/{id}/stores/{storeId}/products/links.csv – the store's variants and links
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; storeId: string }> }) {
  const { ctx, store } = await customerStore(params);
  const rows = exportLinksCsv({ ctx, storeId: store.id });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new Response(body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${store.id}-links.csv"` } });
}

// POST /customers/{id}/stores/{storeId}/products/links.csv – links variants on the customer's behalf;
// progress events, one JSON object per line, then the row-by-row report
export async function POST(request: Request, { params }: { params: Promise<{ id: string; storeId: string }> }) {
  const { ctx, store } = await customerStore(params);
  return linksImportResponse(ctx, store.id, request);
}
