"use client";
import { useEffect } from "react";
import { useRouter } from "next/navigation";

export type SyncProgress = { state: "idle" | "running" | "failed"; done: number; total: number | null; finishedAt: string | null; error: string | null };

/** The product sync's progress bar; while a sync runs the page refreshes itself every second. */
export function SyncProgressBar({ sync }: { sync: SyncProgress }) {
  const router = useRouter();
  const running = sync.state === "running";
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => router.refresh(), 1000);
    return () => clearInterval(timer);
  }, [running, router]);
  if (!running) {
    if (sync.state === "failed") return <p className="text-sm text-red-700">The last product sync failed: {sync.error}</p>;
    return (
      <p className="text-sm text-slate-500" data-testid="sync-status">
        {sync.finishedAt ? `Products synced ${new Date(sync.finishedAt).toLocaleString("en-GB", { timeZone: "UTC" })} UTC (${sync.done.toLocaleString("en")} variants).` : "Products not synced yet."}
      </p>
    );
  }
  const percent = sync.total ? Math.min(100, Math.round((sync.done / sync.total) * 100)) : undefined;
  return (
    <div className="space-y-1" data-testid="sync-progress">
      <div
        className="h-2 w-full overflow-hidden rounded-full bg-slate-100"
        role="progressbar"
        aria-label="Product sync"
        aria-valuemin={0}
        aria-valuemax={sync.total ?? undefined}
        aria-valuenow={sync.done}
      >
        <div className={percent === undefined ? "h-2 w-1/3 animate-pulse rounded-full bg-brand-500" : "h-2 rounded-full bg-brand-500 transition-all"} style={percent === undefined ? undefined : { width: `${percent}%` }} />
      </div>
      <p className="text-xs text-slate-500">
        Syncing products: {sync.done.toLocaleString("en")}
        {sync.total ? ` of ${sync.total.toLocaleString("en")}` : ""} variants
      </p>
    </div>
  );
}
