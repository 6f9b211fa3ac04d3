"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "./cn";

/** Route tabs: one link per section, the current one marked. Wraps onto a second row on phones. */
export function RouteTabs({ base, tabs }: { base: string; tabs: Array<{ segment: string; label: string; count?: number }> }) {
  const pathname = usePathname();
  return (
    <nav className="-mb-px flex flex-wrap gap-x-4 border-b border-slate-200 sm:gap-x-6" aria-label="Sections">
      {tabs.map((tab) => {
        const href = tab.segment ? `${base}/${tab.segment}` : base;
        const active = tab.segment ? pathname === href || pathname.startsWith(`${href}/`) : pathname === base;
        return (
          <Link
            key={tab.segment}
            href={href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "border-b-2 px-0.5 pt-2 pb-2.5 text-sm font-medium whitespace-nowrap transition-colors",
              active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-700",
            )}
          >
            {tab.label}
            {tab.count !== undefined ? <span className="ml-1.5 rounded-full bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{tab.count}</span> : null}
          </Link>
        );
      })}
    </nav>
  );
}
