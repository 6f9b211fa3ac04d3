import { inArray, sql } from "drizzle-orm";
import { fileChecks } from "@/db/schema";
import type { Database } from "@/db/client";
import { sha256Hex } from "@/lib/crypto";
import { mapLimit } from "@/lib/concurrency";
import { checkArtwork, type FileCheck, type FileCheckCode } from "./fetch";
import type { FetchPolicy } from "./policy";

/** How long a check stands: a good file for a while, a refusal only briefly (it may get fixed). */
export const checkLifetimeMs = { ok: 10 * 60_000, failed: 60_000 };

export type CheckUrlsOptions = {
  policy: FetchPolicy;
  /** URLs whose remembered failure is ignored, e.g. when staff run a failed order again. */
  recheckFailures?: ReadonlySet<string>;
  concurrency?: number;
  now?: () => number;
};

const connectionCodes: ReadonlySet<FileCheckCode> = new Set(["timeout", "connect", "dns"]);

/**
 * Checks many artwork URLs at once: each distinct URL once, recent answers from `file_checks`,
 * the rest fetched in parallel. A host that times out or refuses connections is not tried again
 * in the same call. Transient failures are not remembered, so a retry really fetches again.
 */
export async function checkArtworkUrls(db: Database, urls: readonly string[], options: CheckUrlsOptions): Promise<Map<string, FileCheck>> {
  const now = options.now ?? Date.now;
  const results = new Map<string, FileCheck>();
  const byHash = new Map([...new Set(urls)].map((url) => [sha256Hex(url), url]));
  if (byHash.size === 0) return results;

  const rows = await db.select().from(fileChecks).where(inArray(fileChecks.urlHash, [...byHash.keys()]));
  for (const row of rows) {
    const url = byHash.get(row.urlHash);
    if (url !== row.url) continue;
    const age = now() - row.checkedAt.getTime();
    if (row.ok && row.fileType && age < checkLifetimeMs.ok) {
      results.set(url, { ok: true, fileType: row.fileType as never, contentType: row.contentType ?? "", size: row.size });
    } else if (!row.ok && age < checkLifetimeMs.failed && !options.recheckFailures?.has(url)) {
      results.set(url, { ok: false, ...decodeFailure(row.error), transient: false });
    }
  }

  const missing = [...byHash.values()].filter((url) => !results.has(url));
  const downHosts = new Map<string, FileCheck>();
  const fresh = await mapLimit(missing, options.concurrency ?? 16, async (url) => {
    const host = hostKey(url);
    const known = host ? downHosts.get(host) : undefined;
    const result = known ?? (await checkArtwork(url, options.policy));
    if (host && !result.ok && result.transient && connectionCodes.has(result.code)) downHosts.set(host, result);
    results.set(url, result);
    return { url, result };
  });

  const remembered = fresh.filter(({ result }) => result.ok || !result.transient);
  for (let start = 0; start < remembered.length; start += 500) {
    const checkedAt = new Date(now());
    await db
      .insert(fileChecks)
      .values(
        remembered.slice(start, start + 500).map(({ url, result }) => ({
          urlHash: sha256Hex(url),
          url,
          ok: result.ok,
          contentType: result.ok ? result.contentType : null,
          fileType: result.ok ? result.fileType : null,
          size: result.ok ? result.size : null,
          error: result.ok ? null : `${result.code} ${result.reason}`,
          checkedAt,
        })),
      )
      .onConflictDoUpdate({
        target: fileChecks.urlHash,
        set: {
          url: sql`excluded.url`,
          ok: sql`excluded.ok`,
          contentType: sql`excluded.content_type`,
          fileType: sql`excluded.file_type`,
          size: sql`excluded.size`,
          error: sql`excluded.error`,
          checkedAt: sql`excluded.checked_at`,
        },
      });
  }
  return results;
}

function decodeFailure(error: string | null): { code: FileCheckCode; reason: string } {
  const text = error ?? "";
  const space = text.indexOf(" ");
  if (space < 0) return { code: "http_status", reason: text || "could not be used" };
  return { code: text.slice(0, space) as FileCheckCode, reason: text.slice(space + 1) };
}

function hostKey(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return undefined;
  }
}
