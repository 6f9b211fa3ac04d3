import "server-only";
import { isAppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/services/context";
import { getStore } from "@/lib/services/stores";
import { importLinksCsv, type LinksCsvProgress, type LinksCsvResult } from "@/lib/services/stores/links-csv";

/** What a links CSV upload streams back, one JSON object per line. */
export type LinksImportEvent =
  | ({ type: "progress" } & LinksCsvProgress)
  | { type: "done"; result: LinksCsvResult }
  | { type: "error"; message: string; details: Array<{ path: string; message: string }> };

const maxBytes = 20 * 1024 * 1024;

/**
 * The portal's and the console's links CSV upload: reads the file, imports it, and answers with
 * progress events (reading rows, checking design files, writing links) and then the row-by-row report.
 */
export async function linksImportResponse(ctx: ServiceContext, storeId: string, request: Request): Promise<Response> {
  // Another customer's store is a 404 before anything is read.
  const store = await getStore({ ctx, storeId });
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) {
    return Response.json({ type: "error", message: "The file is larger than 20 MB; split it or use the admin API", details: [] } satisfies LinksImportEvent, { status: 413 });
  }
  const csv = await request.text();
  if (!csv.trim()) return Response.json({ type: "error", message: "The file is empty: choose the CSV file you filled in.", details: [] } satisfies LinksImportEvent, { status: 400 });
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: LinksImportEvent) => controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      send({ type: "progress", phase: "checking", done: 0, total: Buffer.byteLength(csv) });
      try {
        const result = await importLinksCsv({ ctx, storeId: store.id, csv, onProgress: (progress) => send({ type: "progress", ...progress }) });
        send({ type: "done", result });
      } catch (error) {
        if (!isAppError(error)) {
          ctx.log.error({ err: error, storeId }, "links import failed");
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
