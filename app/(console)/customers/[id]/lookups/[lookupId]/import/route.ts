import { notFound } from "next/navigation";
import { requireStaff } from "@/lib/auth/guards";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { isAppError } from "@/lib/errors";
import { getLookup, importLookupEntriesCsv } from "@/lib/services/lookups";
import type { ImportEvent } from "../import-events";

const maxBytes = 20 * 1024 * 1024;

// POST /customers/:id/lookups/:lookupId/import – replaces the entries with a CSV file; answers with
// progress events, one JSON object per line, so the console can show how far it got.
export async function POST(request: Request, { params }: { params: Promise<{ id: string; lookupId: string }> }) {
  const ctx = await requireStaff();
  const { id, lookupId } = await paramsOrNotFound(params);
  const lookup = await pageOrNotFound(getLookup({ ctx, lookupId }));
  if (lookup.customerId !== id) notFound();
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) {
    return Response.json({ type: "error", message: "The file is larger than 20 MB; split it or use the admin API", details: [] } satisfies ImportEvent, { status: 413 });
  }
  const csv = await request.text();
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: ImportEvent) => controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      send({ type: "progress", phase: "checking" });
      try {
        const { count } = await importLookupEntriesCsv({
          ctx,
          lookupId,
          csv,
          allowEmpty: false,
          onReadProgress: ({ bytes, totalBytes }) => send({ type: "progress", phase: "checking", done: bytes, total: totalBytes ?? bytes }),
          onProgress: (done, total) => send({ type: "progress", phase: "writing", done, total }),
        });
        send({ type: "done", count });
      } catch (error) {
        if (!isAppError(error)) {
          ctx.log.error({ err: error }, "lookup import failed");
          send({ type: "error", message: "The import failed on our side; nothing was changed. Try again.", details: [] });
        } else {
          send({ type: "error", message: error.message, details: error.details });
        }
      }
      controller.close();
    },
  });
  // no-transform keeps compression from holding the progress lines back until the end.
  return new Response(stream, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store, no-transform" } });
}
