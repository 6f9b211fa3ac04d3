import type { Metadata } from "next";
import Link from "next/link";
import { Factory } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { boardStages, getProductionBoard, type BoardStage } from "@/lib/services/production";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { SearchForm } from "@/components/ui/search-form";
import { Pagination, withParams } from "@/components/ui/pagination";
import { cn } from "@/components/ui/cn";
import { BoardTable } from "./board-table";
import { ShipCsvForm } from "./ship-csv-form";

export const metadata: Metadata = { title: "Production" };

const stageLabels: Record<BoardStage, string> = {
  passed: "Ready to print",
  in_production: "In production",
  printed: "Printed",
  shipped: "Shipped",
  on_hold: "On hold",
};

const emptyText: Record<BoardStage, string> = {
  passed: "Orders that pass their checks land here, oldest and rush orders first.",
  in_production: "Start production on ready orders and they move here.",
  printed: "Mark orders printed and ship them from here with carrier and tracking.",
  shipped: "Shipped and in-transit orders stay here for seven days, so you can mark them delivered.",
  on_hold: "Orders held for approval or put on hold wait here until you release them.",
};

const pageSize = 100;

export default async function ProductionPage({ searchParams }: { searchParams: Promise<{ stage?: string; q?: string; offset?: string }> }) {
  const ctx = await requireStaff();
  const params = await searchParams;
  const stage = (boardStages as readonly string[]).includes(params.stage ?? "") ? (params.stage as BoardStage) : "passed";
  const offset = Math.max(0, Number.parseInt(params.offset ?? "0", 10) || 0);
  const q = params.q?.trim() || undefined;
  const board = await getProductionBoard({ ctx, input: { stage, q, limit: pageSize, offset } });
  return (
    <>
      <PageHeader title="Production" description="Move orders from ready to shipped. Customers hear about every step." />
      <nav className="mb-4 flex flex-wrap gap-2" aria-label="Stages">
        {boardStages.map((item) => (
          <Link
            key={item}
            href={withParams("/production", { q }, { stage: item })}
            aria-current={item === stage ? "page" : undefined}
            className={cn(
              "flex shrink-0 items-center gap-2 rounded-md px-3 py-2 text-sm font-medium ring-1 ring-inset",
              item === stage ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700 ring-slate-200 hover:bg-slate-50",
            )}
          >
            {stageLabels[item]}
            <span className={cn("rounded-full px-1.5 text-xs", item === stage ? "bg-white/20" : "bg-slate-100 text-slate-600")}>{board.counts[item]}</span>
          </Link>
        ))}
      </nav>
      <div className="grid gap-6 2xl:grid-cols-4">
        <Card className={cn("min-w-0", stage === "printed" ? "2xl:col-span-3" : "2xl:col-span-4")}>
          <div className="border-b border-slate-100 px-5 py-3">
            <SearchForm action="/production" defaultValue={q} placeholder="Find by order id, Gelato id, reference or recipient">
              <input type="hidden" name="stage" value={stage} />
            </SearchForm>
          </div>
          <BoardTable
            key={`${stage}-${offset}-${q ?? ""}`}
            stage={stage}
            orders={board.orders}
            empty={
              <EmptyState icon={Factory} title={q ? `Nothing matches “${q}”` : `Nothing ${stageLabels[stage].toLowerCase()}`}>
                {emptyText[stage]}
              </EmptyState>
            }
          />
          <Pagination offset={offset} limit={pageSize} total={board.total} hrefFor={(next) => withParams("/production", { stage, q }, { offset: next })} />
        </Card>
        {stage === "printed" ? (
          <Card>
            <CardHeader title="Ship from a file" description="Tracking from your shipping software, many orders at once." />
            <CardBody>
              <ShipCsvForm />
            </CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}
