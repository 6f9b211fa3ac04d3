import { Readable } from "node:stream";
import { parse, type Options } from "csv-parse";
import { AppError, isAppError } from "@/lib/errors";

/** How much a file may hold; past either limit reading stops and nothing is imported. */
export type CsvLimits = { maxRows: number; maxBytes: number; /** The 413's message past maxRows. */ tooManyRows?: string };

/** Called as a file is read: records and bytes so far, and the file's size when known. */
export type CsvReadProgress = (progress: { rows: number; bytes: number; totalBytes?: number }) => void;

export type CsvSource = string | AsyncIterable<Uint8Array | string>;

/** Bytes handed to the parser at a time; the event loop gets a turn between pieces. */
const pieceBytes = 64 * 1024;
const progressEveryRows = 1000;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A string in pieces of about `pieceBytes`, never splitting a surrogate pair (one character). */
function* textPieces(text: string): Generator<string> {
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + pieceBytes, text.length);
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff && end < text.length) end += 1;
    yield text.slice(start, end);
    start = end;
  }
}

async function* pieces(source: CsvSource, limits: CsvLimits, counted: { bytes: number }): AsyncGenerator<Buffer> {
  const chunks = typeof source === "string" ? textPieces(source) : source;
  for await (const chunk of chunks) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let start = 0; start < buffer.byteLength; start += pieceBytes) {
      const piece = buffer.subarray(start, start + pieceBytes);
      counted.bytes += piece.byteLength;
      if (counted.bytes > limits.maxBytes) throw tooLarge(`The file is larger than ${limits.maxBytes / 1024 / 1024} MB; split it`);
      yield piece;
      await nextTurn();
    }
  }
}

function tooLarge(message: string): AppError {
  return new AppError("payload_too_large", message, { details: [{ path: "file", message }] });
}

/**
 * Reads CSV records with csv-parse's streaming parser, a piece at a time, so a 20 MB file never
 * holds the event loop for long. Stops at the first record past `maxRows` or byte past `maxBytes`.
 * Malformed CSV is a 400 naming the line.
 */
export async function* readCsvRecords<T>(
  source: CsvSource,
  options: Options & { info?: boolean },
  limits: CsvLimits,
  onProgress?: CsvReadProgress,
): AsyncGenerator<T> {
  const counted = { bytes: 0 };
  const totalBytes = typeof source === "string" ? Buffer.byteLength(source, "utf8") : undefined;
  const input = Readable.from(pieces(source, limits, counted));
  const parser = parse(options);
  input.on("error", (error) => parser.destroy(error));
  input.pipe(parser);
  let rows = 0;
  try {
    for await (const record of parser) {
      rows += 1;
      if (rows > limits.maxRows) throw tooLarge(limits.tooManyRows ?? `The file has more than ${limits.maxRows.toLocaleString("en")} rows; split it`);
      if (rows % progressEveryRows === 0) onProgress?.({ rows, bytes: counted.bytes, totalBytes });
      yield record as T;
    }
  } catch (error) {
    if (isAppError(error)) throw error;
    const line = (error as { lines?: number }).lines;
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError("bad_request", `The file is not valid CSV: ${reason}`, { details: line ? [{ path: `line ${line}`, message: reason }] : [] });
  } finally {
    input.destroy();
    parser.destroy();
  }
  onProgress?.({ rows, bytes: counted.bytes, totalBytes });
}
