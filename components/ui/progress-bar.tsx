/** A labelled progress bar with its percentage, for uploads and other long work. */
export function ProgressBar({ percent, label }: { percent: number; label: string }) {
  const rounded = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div className="space-y-1.5">
      <div className="flex justify-between gap-3 text-xs text-slate-600">
        <span>{label}</span>
        <span className="tabular-nums">{rounded}%</span>
      </div>
      <div className="h-2 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={rounded}>
        <div className="h-full rounded-full bg-brand-600 transition-[width] duration-200" style={{ width: `${rounded}%` }} />
      </div>
    </div>
  );
}

/** The last complete JSON line of a streamed (NDJSON) answer read so far. */
export function lastNdjsonEvent<T>(text: string): T | undefined {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  for (let index = lines.length - 1; index >= 0; index--) {
    try {
      return JSON.parse(lines[index]!) as T;
    } catch {
      // a line still arriving
    }
  }
  return undefined;
}
