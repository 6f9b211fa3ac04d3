import type { AuditView } from "@/lib/services/audit-list";
import { Time } from "@/components/ui/time";

function describe(action: string): string {
  const [entity, verb] = action.split(".");
  return `${(verb ?? action).replace(/_/g, " ")} ${entity?.replace(/_/g, " ") ?? ""}`.trim();
}

/** Field-level changes between two audited snapshots. */
function changes(before: unknown, after: unknown): Array<{ key: string; from: string; to: string }> {
  if (!after || typeof after !== "object") return [];
  const previous = (before && typeof before === "object" ? before : {}) as Record<string, unknown>;
  const next = after as Record<string, unknown>;
  const skip = new Set(["createdAt", "updatedAt", "id"]);
  const show = (value: unknown) => (value === null || value === undefined || value === "" ? "—" : typeof value === "object" ? JSON.stringify(value) : String(value));
  return Object.keys(next)
    .filter((key) => !skip.has(key) && show(previous[key]) !== show(next[key]))
    .slice(0, 6)
    .map((key) => ({ key, from: show(previous[key]), to: show(next[key]) }));
}

export function AuditTrail({ entries }: { entries: AuditView[] }) {
  return (
    <ol className="divide-y divide-slate-100">
      {entries.map((entry) => {
        const diff = entry.before ? changes(entry.before, entry.after) : [];
        return (
          <li key={entry.id} className="px-5 py-3">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <p className="text-sm text-slate-800">
                <span className="font-medium capitalize">{describe(entry.action)}</span>
                {entry.entityId ? <span className="ml-1.5 font-mono text-xs text-slate-400">{entry.entityId}</span> : null}
              </p>
              <p className="text-xs text-slate-500">
                {entry.actor} · <Time value={entry.createdAt} />
              </p>
            </div>
            {diff.length > 0 ? (
              <ul className="mt-1.5 space-y-0.5 text-xs text-slate-600">
                {diff.map((change) => (
                  <li key={change.key} className="break-words">
                    <span className="font-medium">{change.key}</span>: <span className="text-slate-400 line-through">{change.from}</span> → {change.to}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
