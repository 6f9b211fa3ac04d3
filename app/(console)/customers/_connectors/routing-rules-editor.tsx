"use client";
import { useActionState, useState } from "react";
import { Plus, Route, Trash2 } from "lucide-react";
import { Alert } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { CopyField } from "@/components/ui/copy-button";
import { cn } from "@/components/ui/cn";
import type { ActionState } from "@/lib/actions";

export type RoutingRuleValue = { key: string; name: string; tags?: string[]; priority?: "normal" | "rush"; hold?: boolean };
type Row = { id: number; key: string; name: string; tags: string; priority: "normal" | "rush"; hold: boolean };

let nextId = 0;

function toRow(rule: RoutingRuleValue): Row {
  return { id: nextId++, key: rule.key, name: rule.name, tags: (rule.tags ?? []).join(", "), priority: rule.priority ?? "normal", hold: rule.hold ?? false };
}

function toRule(row: Row): RoutingRuleValue {
  return {
    key: row.key.trim(),
    name: row.name.trim(),
    tags: row.tags
      .split(",")
      .map((tag) => tag.trim())
      .filter(Boolean),
    priority: row.priority,
    hold: row.hold,
  };
}

/** SiteFlow routing rules: orders sent to …/order/route/{key} get the rule's tags, priority and hold. */
export function RoutingRulesEditor({
  rules,
  routeUrl,
  action,
  readOnly,
}: {
  rules: RoutingRuleValue[];
  routeUrl: string;
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  readOnly: boolean;
}) {
  const [rows, setRows] = useState<Row[]>(() => rules.map(toRow));
  // The form holds only the serialized rules: React resets a form's fields after each action,
  // which would snap the selects and checkboxes of the rows back to their first values.
  const [state, formAction] = useActionState(action, { status: "idle" } as ActionState);
  const update = (id: number, change: Partial<Row>) => setRows(rows.map((row) => (row.id === id ? { ...row, ...change } : row)));
  return (
    <div className="space-y-4">
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      {state.status === "success" && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      {rows.length === 0 ? (
        <div className="flex flex-col items-center rounded-md border border-dashed border-slate-300 px-4 py-8 text-center">
          <Route className="mb-2 size-6 text-slate-400" aria-hidden />
          <p className="text-sm font-medium text-slate-800">No routing rules</p>
          <p className="mt-1 max-w-md text-sm text-slate-500">
            {readOnly
              ? "This order API had no routing rules."
              : "Add a rule to tag orders for production, mark them rush or hold them for approval. The customer then submits to the rule's own URL."}
          </p>
        </div>
      ) : (
        <ol className="space-y-3">
          {rows.map((row, index) => (
            <RuleRow
              key={row.id}
              row={row}
              index={index}
              routeUrl={routeUrl}
              readOnly={readOnly}
              fieldErrors={state.fieldErrors}
              onChange={(change) => update(row.id, change)}
              onRemove={() => setRows(rows.filter((other) => other.id !== row.id))}
            />
          ))}
        </ol>
      )}
      {state.fieldErrors?.routingRules ? <p className="text-sm text-red-600">{state.fieldErrors.routingRules}</p> : null}
      {readOnly ? null : (
        <form action={formAction} className="flex flex-wrap items-center justify-between gap-2">
          <input type="hidden" name="routingRules" value={JSON.stringify(rows.map(toRule))} />
          <Button type="button" variant="secondary" size="sm" onClick={() => setRows([...rows, toRow({ key: "", name: "" })])}>
            <Plus className="size-3.5" aria-hidden />
            Add rule
          </Button>
          <SubmitButton pendingText="Saving…">Save routing rules</SubmitButton>
        </form>
      )}
    </div>
  );
}

function RuleRow({
  row,
  index,
  routeUrl,
  readOnly,
  fieldErrors,
  onChange,
  onRemove,
}: {
  row: Row;
  index: number;
  routeUrl: string;
  readOnly: boolean;
  fieldErrors: Record<string, string> | undefined;
  onChange: (change: Partial<Row>) => void;
  onRemove: () => void;
}) {
  const error = (field: string) => fieldErrors?.[`routingRules[${index}].${field}`] ?? (field === "tags" ? firstTagError(fieldErrors, index) : undefined);
  const id = (field: string) => `rule-${row.id}-${field}`;
  return (
    <li className="rounded-lg p-4 ring-1 ring-slate-200" aria-label={`Routing rule ${index + 1}`}>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_1.4fr_1.4fr_9rem]">
        <RuleField label="Key" htmlFor={id("key")} error={error("key")}>
          <input
            id={id("key")}
            value={row.key}
            onChange={(event) => onChange({ key: event.target.value })}
            className={cn(inputClass, "font-mono")}
            placeholder="rush"
            maxLength={64}
            readOnly={readOnly}
            aria-invalid={error("key") ? true : undefined}
          />
        </RuleField>
        <RuleField label="Name" htmlFor={id("name")} error={error("name")}>
          <input
            id={id("name")}
            value={row.name}
            onChange={(event) => onChange({ name: event.target.value })}
            className={inputClass}
            placeholder="Rush orders"
            maxLength={100}
            readOnly={readOnly}
            aria-invalid={error("name") ? true : undefined}
          />
        </RuleField>
        <RuleField label="Tags" htmlFor={id("tags")} error={error("tags")} hint="Separated by commas">
          <input
            id={id("tags")}
            value={row.tags}
            onChange={(event) => onChange({ tags: event.target.value })}
            className={inputClass}
            placeholder="express, priority"
            readOnly={readOnly}
          />
        </RuleField>
        <RuleField label="Priority" htmlFor={id("priority")}>
          <select
            id={id("priority")}
            value={row.priority}
            onChange={(event) => onChange({ priority: event.target.value as Row["priority"] })}
            className={cn(inputClass, "pr-8")}
            disabled={readOnly}
          >
            <option value="normal">Normal</option>
            <option value="rush">Rush</option>
          </select>
        </RuleField>
      </div>
      <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
        <label className="inline-flex items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            checked={row.hold}
            onChange={(event) => onChange({ hold: event.target.checked })}
            disabled={readOnly}
            className="size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
          />
          Hold for approval
        </label>
        {readOnly ? null : (
          <Button type="button" variant="ghost" size="sm" onClick={onRemove} className="text-red-700 hover:bg-red-50 hover:text-red-800">
            <Trash2 className="size-3.5" aria-hidden />
            Remove rule
          </Button>
        )}
      </div>
      {row.key.trim() && /^[A-Za-z0-9_-]+$/.test(row.key.trim()) ? (
        <div className="mt-3">
          <CopyField value={routeUrl.replace("{key}", row.key.trim())} label="Copy URL" />
        </div>
      ) : null}
    </li>
  );
}

function firstTagError(fieldErrors: Record<string, string> | undefined, index: number): string | undefined {
  const prefix = `routingRules[${index}].tags`;
  return Object.entries(fieldErrors ?? {}).find(([path]) => path.startsWith(prefix))?.[1];
}

function RuleField({ label, htmlFor, error, hint, children }: { label: string; htmlFor: string; error?: string; hint?: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <label htmlFor={htmlFor} className="mb-1 block text-xs font-medium text-slate-600">
        {label}
      </label>
      {children}
      {error ? <p className="mt-1 text-xs text-red-600">{error}</p> : hint ? <p className="mt-1 text-xs text-slate-400">{hint}</p> : null}
    </div>
  );
}
