import Link from "next/link";
import { buttonClass } from "./button";

/** Offset paging for console tables: "Showing 51–100 of 230" with previous and next. */
export function Pagination({
  offset,
  limit,
  total,
  hrefFor,
}: {
  offset: number;
  limit: number;
  total: number;
  hrefFor: (offset: number) => string;
}) {
  if (total === 0) return null;
  const from = offset + 1;
  const to = Math.min(offset + limit, total);
  const hasPrevious = offset > 0;
  const hasNext = to < total;
  return (
    <nav className="flex items-center justify-between gap-3 border-t border-slate-100 px-5 py-3 text-sm text-slate-500" aria-label="Pagination">
      <p>
        Showing <span className="font-medium text-slate-700">{from.toLocaleString("en")}</span>–
        <span className="font-medium text-slate-700">{to.toLocaleString("en")}</span> of{" "}
        <span className="font-medium text-slate-700">{total.toLocaleString("en")}</span>
      </p>
      <div className="flex gap-2">
        {hasPrevious ? (
          <Link className={buttonClass("secondary", "sm")} href={hrefFor(Math.max(0, offset - limit))} rel="prev">
            Previous
          </Link>
        ) : (
          <span className={buttonClass("secondary", "sm", "pointer-events-none opacity-50")} aria-disabled>
            Previous
          </span>
        )}
        {hasNext ? (
          <Link className={buttonClass("secondary", "sm")} href={hrefFor(offset + limit)} rel="next">
            Next
          </Link>
        ) : (
          <span className={buttonClass("secondary", "sm", "pointer-events-none opacity-50")} aria-disabled>
            Next
          </span>
        )}
      </div>
    </nav>
  );
}

/** Builds a URL keeping the current search parameters and overriding some. */
export function withParams(path: string, current: Record<string, string | undefined>, changes: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...current, ...changes })) {
    if (value !== undefined && value !== "" && !(key === "offset" && String(value) === "0")) params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
