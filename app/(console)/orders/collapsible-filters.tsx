"use client";
import { useId, useState } from "react";
import { SlidersHorizontal } from "lucide-react";
import { buttonClass } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

/**
 * On phones the filters beyond the search box fold behind a "Filters" button that says how many
 * are in use; from `sm` up they are always shown. `actions` (apply, clear) sit beside the button.
 */
export function CollapsibleFilters({ active, actions, children }: { active: number; actions: React.ReactNode; children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const panel = useId();
  return (
    <>
      <div className="col-span-2 flex items-center gap-2 sm:hidden">
        <button type="button" aria-expanded={open} aria-controls={panel} onClick={() => setOpen((value) => !value)} className={cn(buttonClass("secondary"), "mr-auto")}>
          <SlidersHorizontal className="size-4" aria-hidden />
          Filters
          {active ? (
            <span className="rounded-full bg-brand-600 px-1.5 text-xs text-white" aria-label={`${active} in use`}>
              {active}
            </span>
          ) : null}
        </button>
        {actions}
      </div>
      <div id={panel} className={cn("contents", !open && "max-sm:hidden")}>
        {children}
        <div className="col-span-2 flex items-end justify-end gap-2 max-sm:hidden sm:col-span-1">{actions}</div>
      </div>
    </>
  );
}
