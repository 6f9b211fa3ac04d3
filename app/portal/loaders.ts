import type { CustomerContext } from "@/lib/auth/guards";
import { getEnv } from "@/lib/env";
import { getCustomer } from "@/lib/services/customers";
import { listCustomerUsers, listPlatforms } from "@/lib/services/storefront";
import { countCustomerProducts, getCustomerProduct, listCustomerProducts } from "@/lib/services/catalog-access";
import { getOrder, listOrders } from "@/lib/services/orders";
import { getProductSync, getStore, listOrdersAwaitingApproval, listStoreEvents, listStores, listStoreVariants, listWebhookEvents, webhookUrlFor } from "@/lib/services/stores";
import { isShopifyOAuthConfigured } from "@/lib/services/shopify-oauth";
import { readWooConnectOutcome } from "@/lib/services/woocommerce-keys";
import { orderViews, type OrderViewName } from "./orders/views";

export type PortalContext = Pick<CustomerContext, "actor" | "db" | "log" | "requestId" | "transaction" | "user">;
type Params = Record<string, string | undefined>;

export const productsPageSize = 24;
export const ordersPageSize = 25;
export const storeLogPageSize = 15;

function offsetOf(params: Params): number {
  return Math.max(0, Math.min(1_000_000, Number.parseInt(params.offset ?? "0", 10) || 0));
}

/**
 * What each portal page loads, keyed by its route. Every portal page reads its data through
 * this table, always for the signed-in user's own customer; the isolation tests walk it.
 */
const variantsPageSize = 50;
const variantFilters = ["linked", "unlinked", "attention", "ignored"] as const;

export const portalPages = {
  "/portal": async (ctx: PortalContext, _params: Params = {}) => {
    const customerId = ctx.user.customerId;
    const [customer, productCount, users, recentOrders, attention, stores] = await Promise.all([
      getCustomer({ ctx, customerId }),
      countCustomerProducts({ ctx, customerId }),
      listCustomerUsers({ ctx, customerId }),
      listOrders({ ctx, input: { limit: 5, offset: 0 } }),
      listOrders({ ctx, input: { limit: 1, offset: 0, status: [...orderViews.attention.statuses] } }),
      listStores({ ctx, input: { limit: 100 } }),
    ]);
    const storeCount = stores.data.filter((store) => store.status !== "disconnected").length;
    return { customer, productCount, users, recentOrders, attentionCount: attention.total ?? 0, storeCount, partner: getEnv().PARTNER_NAME };
  },
  "/portal/stores": async (ctx: PortalContext, params: Params = {}) => {
    const [customer, stores] = await Promise.all([getCustomer({ ctx, customerId: ctx.user.customerId }), listStores({ ctx, input: { limit: 100 } })]);
    // Back from WooCommerce's key screen: what became of the keys it was to send.
    const wooOutcome = params.wooUserId ? await readWooConnectOutcome({ ctx, customerId: ctx.user.customerId, userId: params.wooUserId }) : null;
    return {
      wooOutcome,
      customer,
      stores: stores.data,
      platforms: listPlatforms(),
      partner: getEnv().PARTNER_NAME,
      canManage: ctx.user.role === "admin",
      oauthReady: isShopifyOAuthConfigured(),
      webhookUrl: webhookUrlFor("shopify", ""),
    };
  },
  "/portal/stores/[id]": async (ctx: PortalContext, params: Params = {}) => {
    const store = await getStore({ ctx, storeId: params.id ?? "" });
    const logOffset = Math.max(0, Math.min(1_000_000, Number.parseInt(params.log ?? "0", 10) || 0));
    const [orders, awaiting, deliveries, log] = await Promise.all([
      listOrders({ ctx, input: { storeId: [store.id], limit: 10, offset: 0 } }),
      listOrdersAwaitingApproval({ ctx, storeId: store.id }),
      listWebhookEvents({ ctx, input: { storeId: store.id, limit: 15, cursor: params.before || undefined } }),
      listStoreEvents({ ctx, storeId: store.id, limit: storeLogPageSize, offset: logOffset }),
    ]);
    return { store, orders: orders.data, awaiting, deliveries, log, logOffset, before: params.before || undefined, partner: getEnv().PARTNER_NAME, canManage: ctx.user.role === "admin" };
  },
  "/portal/stores/[id]/products": async (ctx: PortalContext, params: Params = {}) => {
    const store = await getStore({ ctx, storeId: params.id ?? "" });
    const q = params.q?.trim() || undefined;
    const state = variantFilters.find((filter) => filter === params.state);
    const offset = offsetOf(params);
    const [variants, sync, catalog] = await Promise.all([
      listStoreVariants({ ctx, storeId: store.id, input: { q, state, offset, limit: variantsPageSize } }),
      getProductSync({ ctx, storeId: store.id }),
      listCustomerProducts({ ctx, customerId: ctx.user.customerId, input: { limit: 100, offset: 0 } }),
    ]);
    return { store, variants, sync, products: catalog.data, q, state, offset, limit: variantsPageSize, canManage: ctx.user.role === "admin" };
  },
  "/portal/products": async (ctx: PortalContext, params: Params = {}) => {
    const q = params.q?.trim() || undefined;
    const offset = offsetOf(params);
    const page = await listCustomerProducts({ ctx, customerId: ctx.user.customerId, input: { q, offset, limit: productsPageSize } });
    return { page, q, offset, partner: getEnv().PARTNER_NAME };
  },
  "/portal/products/[id]": async (ctx: PortalContext, params: Params = {}) => {
    const product = await getCustomerProduct({ ctx, customerId: ctx.user.customerId, productId: params.id ?? "" });
    return { product, partner: getEnv().PARTNER_NAME };
  },
  "/portal/orders": async (ctx: PortalContext, params: Params = {}) => {
    const q = params.q?.trim().slice(0, 200) || undefined;
    const view: OrderViewName = params.view && params.view in orderViews ? (params.view as OrderViewName) : "all";
    const offset = offsetOf(params);
    const statuses = orderViews[view].statuses;
    const [page, stores] = await Promise.all([
      listOrders({ ctx, input: { q, offset, limit: ordersPageSize, ...(statuses.length ? { status: [...statuses] } : {}) } }),
      listStores({ ctx, input: { limit: 100 } }),
    ]);
    const storeNames: Record<string, string> = Object.fromEntries(stores.data.map((store) => [store.id, store.name]));
    return { page, q, view, offset, storeNames };
  },
  "/portal/orders/[id]": async (ctx: PortalContext, params: Params = {}) => {
    const order = await getOrder({ ctx, orderId: params.id ?? "" });
    const store = order.storeId ? await getStore({ ctx, storeId: order.storeId }) : null;
    const waiting = order.status === "not_connected" && store && ctx.user.role === "admin";
    const products = waiting ? (await listCustomerProducts({ ctx, customerId: ctx.user.customerId, input: { limit: 100, offset: 0 } })).data : [];
    return { order, store, products, canManage: ctx.user.role === "admin", partner: getEnv().PARTNER_NAME };
  },
  "/portal/users": async (ctx: PortalContext, _params: Params = {}) => {
    const [customer, users] = await Promise.all([getCustomer({ ctx, customerId: ctx.user.customerId }), listCustomerUsers({ ctx, customerId: ctx.user.customerId })]);
    return { customer, users };
  },
  "/portal/settings": async (ctx: PortalContext, _params: Params = {}) => {
    const customer = await getCustomer({ ctx, customerId: ctx.user.customerId });
    return { customer, partner: getEnv().PARTNER_NAME };
  },
} satisfies Record<string, (ctx: PortalContext, params?: Params) => Promise<unknown>>;

export type PortalRoute = keyof typeof portalPages;
