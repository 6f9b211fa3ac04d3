import { z } from "zod";

export const pageInput = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  /** Console tables page by offset and show a total; the API pages by cursor. */
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
});
export type PageInput = z.input<typeof pageInput>;

export type Page<T> = { data: T[]; nextCursor: string | null; total?: number };

/** Given `limit + 1` rows ordered by id descending, returns the page and the next cursor. */
export function toPage<T, R extends { id: string }>(rows: R[], limit: number, map: (row: R) => T, total?: number): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return { data: pageRows.map(map), nextCursor: hasMore ? pageRows.at(-1)!.id : null, ...(total === undefined ? {} : { total }) };
}

/** Escapes LIKE wildcards in user search text. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
