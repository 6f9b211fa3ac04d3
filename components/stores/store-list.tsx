import Link from "next/link";
import type { ActionState } from "@/lib/actions";
import type { StoreView } from "@/lib/services/stores";
import { Badge, type Tone } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";
import { StoreActions } from "./store-actions";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

export const platformNames: Record<StoreView["platform"], string> = { shopify: "Shopify", woocommerce: "WooCommerce", etsy: "Etsy" };

const statusLabels: Record<StoreView["status"], { label: string; tone: Tone }> = {
  connected: { label: "Connected", tone: "green" },
  expired: { label: "Access expired", tone: "red" },
  revoked: { label: "Access revoked", tone: "red" },
  disconnected: { label: "Disconnected", tone: "gray" },
};

const healthLabels: Record<StoreView["health"]["state"], { label: string; tone: Tone }> = {
  ok: { label: "Healthy", tone: "green" },
  warning: { label: "Needs a look", tone: "yellow" },
  error: { label: "Not working", tone: "red" },
};

export function StoreStatusBadge({ store }: { store: StoreView }) {
  const status = statusLabels[store.status];
  return <Badge tone={status.tone}>{status.label}</Badge>;
}

/** The health state with its first reason, in one badge and one line. */
export function HealthBadge({ store, withReason = true }: { store: StoreView; withReason?: boolean }) {
  if (store.status === "disconnected") return null;
  const health = healthLabels[store.health.state];
  return (
    <span className="inline-flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
      <Badge tone={health.tone}>{health.label}</Badge>
      {withReason && store.health.reason ? <span className="text-xs text-slate-600">{store.health.reason}</span> : null}
    </span>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

/** The customer's stores, one card each: status, health, activity, approval mode and what an admin can do. */
export function StoreList({ stores, basePath, canManage, actions }: { stores: StoreView[]; basePath: string; canManage: boolean; actions: { setApprovalMode: Action; sync: Action; disconnect: Action } }) {
  return (
    <ul className="divide-y divide-slate-100" aria-label="Connected stores">
      {[...stores]
        // Active stores first; disconnected ones stay listed below, for their history.
        .sort((a, b) => Number(a.status === "disconnected") - Number(b.status === "disconnected"))
        .map((store) => (
        <li key={store.id} className={`space-y-3 px-5 py-4 ${store.status === "disconnected" ? "bg-slate-50/60" : ""}`} data-store-id={store.id}>
          <div className="flex flex-wrap items-center gap-2">
            <Link href={`${basePath}/${store.id}`} className="text-sm font-semibold text-brand-700 hover:text-brand-800">
              {store.name}
            </Link>
            <Badge tone="indigo">{platformNames[store.platform]}</Badge>
            <StoreStatusBadge store={store} />
            <HealthBadge store={store} />
          </div>
          <p className="font-mono text-xs break-all text-slate-500">{store.shopDomain ?? store.siteUrl ?? store.shopId}</p>
          <dl className="grid grid-cols-2 gap-x-4 gap-y-3 sm:grid-cols-4">
            <Fact label="Last webhook">{store.health.lastWebhookAt ? <Time value={store.health.lastWebhookAt} /> : "None yet"}</Fact>
            <Fact label="Last sync">{store.health.lastSyncAt ? <Time value={store.health.lastSyncAt} /> : "Not yet"}</Fact>
            <Fact label="Orders waiting">
              {store.health.ordersWaiting > 0 ? <Badge tone="yellow">{store.health.ordersWaiting}</Badge> : <span className="text-slate-500">None</span>}
            </Fact>
            <Fact label="Approval">{store.approvalMode === "manual" ? "You approve each order" : "Automatic"}</Fact>
          </dl>
          {canManage && store.status !== "disconnected" ? (
            <StoreActions storeId={store.id} storeName={store.name} approvalMode={store.approvalMode} connected={store.status === "connected"} actions={actions} />
          ) : null}
          {store.status === "disconnected" ? <p className="text-xs text-slate-500">Disconnected: its orders no longer arrive. Connect the shop again to resume.</p> : null}
        </li>
      ))}
    </ul>
  );
}
