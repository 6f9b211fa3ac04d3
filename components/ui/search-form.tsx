import { Search } from "lucide-react";
import { inputClass } from "./field";
import { cn } from "./cn";

/** A GET search box; submitting resets paging. */
export function SearchForm({ action, defaultValue, placeholder, children }: { action: string; defaultValue?: string; placeholder: string; children?: React.ReactNode }) {
  return (
    <form action={action} method="get" role="search" className="flex flex-wrap items-center gap-2">
      <div className="relative min-w-56 flex-1">
        <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400" aria-hidden />
        <input type="search" name="q" defaultValue={defaultValue} placeholder={placeholder} aria-label={placeholder} className={cn(inputClass, "pl-8")} />
      </div>
      {children}
      <button type="submit" className="sr-only">
        Search
      </button>
    </form>
  );
}
