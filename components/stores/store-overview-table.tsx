import Link from "next/link";
import type { StoreOverviewRow } from "@/lib/services/stores";
import { Badge } from "@/components/ui/badge";
import { Table, THead, Th, TBody, Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { HealthBadge, platformNames } from "./store-list";

/** Stores of every customer, worst first: health and first reason, activity and what waits. */
export function StoreOverviewTable({ stores, storeHref, customerHref }: { stores: StoreOverviewRow[]; storeHref: (store: StoreOverviewRow) => string; customerHref?: (store: StoreOverviewRow) => string }) {
  return (
    <Table>
      <THead>
        <Th>Store</Th>
        <Th>Health</Th>
        <Th className="hidden md:table-cell">Last webhook</Th>
        <Th className="hidden md:table-cell">Last sync</Th>
        <Th className="hidden lg:table-cell text-right">Waiting</Th>
        <Th className="hidden lg:table-cell text-right">Unlinked</Th>
        <Th className="hidden lg:table-cell text-right">Failing jobs</Th>
      </THead>
      <TBody>
        {stores.map((store) => (
          <tr key={store.id} className="align-top hover:bg-slate-50" data-store-id={store.id} data-health={store.health.state}>
            <Td>
              <Link href={storeHref(store)} className="font-medium text-slate-900 hover:text-brand-700">
                {store.name}
              </Link>
              <div className="mt-0.5 flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
                <Badge tone="indigo">{platformNames[store.platform]}</Badge>
                {customerHref ? (
                  <Link href={customerHref(store)} className="hover:text-brand-700">
                    {store.customerName}
                  </Link>
                ) : (
                  <span>{store.customerName}</span>
                )}
              </div>
              <div className="mt-1 text-xs text-slate-500 lg:hidden">
                {store.health.ordersWaiting} waiting · {store.health.unlinkedVariants} unlinked · {store.health.failingJobs} failing jobs
              </div>
            </Td>
            <Td className="max-w-md">
              <HealthBadge store={store} />
            </Td>
            <Td className="hidden whitespace-nowrap text-slate-600 md:table-cell">{store.health.lastWebhookAt ? <Time value={store.health.lastWebhookAt} /> : "None yet"}</Td>
            <Td className="hidden whitespace-nowrap text-slate-600 md:table-cell">
              {store.health.lastSyncAt ? <Time value={store.health.lastSyncAt} /> : "Not yet"}
              {store.health.lastSyncError ? <div className="text-xs text-red-700">failing</div> : null}
            </Td>
            <Td className="hidden text-right tabular-nums lg:table-cell">{store.health.ordersWaiting ? <Badge tone="yellow">{store.health.ordersWaiting}</Badge> : "0"}</Td>
            <Td className="hidden text-right tabular-nums lg:table-cell">{store.health.unlinkedVariants ? <Badge tone="yellow">{store.health.unlinkedVariants}</Badge> : "0"}</Td>
            <Td className="hidden text-right tabular-nums lg:table-cell">{store.health.failingJobs ? <Badge tone="red">{store.health.failingJobs}</Badge> : "0"}</Td>
          </tr>
        ))}
      </TBody>
    </Table>
  );
}
