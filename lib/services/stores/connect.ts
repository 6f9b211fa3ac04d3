import { and, desc, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { stores } from "@/db/schema";
import type { CredentialsOf, Platform, ShopifyCredentials, StoreSession } from "@/connectors/types";
import { AppError } from "@/lib/errors";
import { createId } from "@/lib/ids";
import { enqueue } from "@/lib/jobs/enqueue";
import { randomToken } from "@/lib/crypto";
import { isUniqueViolation } from "@/db/errors";
import { actorLabel, withTransaction, type ServiceContext } from "../context";
import { audit } from "../audit";
import { parseInput } from "../parse";
import { getCustomerRowOrThrow } from "../customers/get";
import { authorizeStoreChange, type StoreRow } from "./access";
import { connectStoreInput, type ConnectStoreInput, type StoreView } from "./schemas";
import { connectorFor, invalidateStore, openStore, sealCredentials, webhookUrlFor } from "./session";
import { isShopError, platformLabel } from "./shop-errors";
import { recordStoreEvent } from "./log";
import { refreshWebhooks } from "./webhooks";
import { loadStoreViews } from "./view";

type Parsed = z.output<typeof connectStoreInput>;

function identityOf(data: Parsed): { identity: string; field: string; credentialField: string; credentials: CredentialsOf<Platform> } {
  switch (data.platform) {
    case "shopify":
      return {
        identity: data.shopDomain,
        field: "shopDomain",
        credentialField: "accessToken",
        credentials: { accessToken: data.accessToken, ...(data.webhookSecret ? { webhookSecret: data.webhookSecret } : {}) },
      };
    case "woocommerce":
      return {
        identity: data.siteUrl,
        field: "siteUrl",
        credentialField: "consumerKey",
        credentials: { consumerKey: data.consumerKey, consumerSecret: data.consumerSecret, webhookSecret: data.webhookSecret ?? randomToken(32) },
      };
    case "etsy":
      return {
        identity: data.shopId,
        field: "shopId",
        credentialField: "accessToken",
        credentials: { accessToken: data.accessToken, refreshToken: data.refreshToken, expiresAt: data.expiresAt },
      };
  }
}

/** One platform call that proves the credentials, its refusals told in the connect form's terms. */
async function verify(data: Parsed, storeId: string, identity: ReturnType<typeof identityOf>) {
  const platform = platformLabel(data.platform);
  const session: StoreSession = {
    storeId,
    platform: data.platform,
    identity: identity.identity,
    credentials: identity.credentials,
    webhookUrl: webhookUrlFor(data.platform, storeId),
    async saveCredentials(next) {
      session.credentials = next;
    },
  };
  try {
    const shop = await connectorFor(data.platform).verifyCredentials(session);
    return { shop, credentials: session.credentials };
  } catch (error) {
    if (!isShopError(error)) throw error;
    switch (error.kind) {
      case "throttled":
      case "unavailable":
        throw new AppError("upstream_unavailable", `${platform} could not be reached to check the credentials; try again shortly`, { cause: error });
      case "not_found":
        throw new AppError("validation_failed", `${platform} does not know this shop`, {
          details: [{ path: error.details.field ?? identity.field, message: `no ${platform} shop answers here` }],
        });
      case "unauthorized":
      case "expired":
      case "forbidden":
      case "rejected":
        throw new AppError("validation_failed", `${platform} refused the credentials`, {
          details: [{ path: error.details.field ?? identity.credentialField, message: `${platform} refused them: ${error.message}` }],
        });
    }
  }
}

/**
 * Connects a shop by credentials (a Shopify custom app's token, WooCommerce REST keys, Etsy
 * tokens): checks them with one platform call before anything is stored, then subscribes
 * webhooks unless the owner manages them. Reconnecting a shop the customer had before reuses
 * its store; a shop another active store holds is a 409.
 */
export async function connectStore({
  ctx,
  customerId,
  input,
  oauthCredentials,
}: {
  ctx: ServiceContext;
  customerId: string;
  input: ConnectStoreInput;
  /** Shopify OAuth: the exchanged token with its refresh token, stored instead of `accessToken` alone. */
  oauthCredentials?: ShopifyCredentials;
}): Promise<StoreView> {
  authorizeStoreChange(ctx, customerId);
  const data = parseInput(connectStoreInput, input);
  await getCustomerRowOrThrow(ctx, customerId);
  const identity = identityOf(data);
  if (oauthCredentials && data.platform === "shopify") identity.credentials = oauthCredentials;
  const holders = await ctx.db
    .select()
    .from(stores)
    .where(and(eq(stores.platform, data.platform), eq(stores.identity, identity.identity)))
    .orderBy(desc(stores.id));
  const taken = holders.find((row) => row.status !== "disconnected" && row.customerId !== customerId);
  if (taken) throw shopTaken(data.platform, identity);
  const previous = holders.find((row) => row.customerId === customerId && row.status !== "disconnected") ?? holders.find((row) => row.customerId === customerId);
  const storeId = previous?.id ?? createId("store");

  const { shop, credentials } = await verify(data, storeId, identity);
  const registerWebhooks = data.platform === "etsy" ? false : data.registerWebhooks;
  const now = new Date();
  const values = {
    name: data.name ?? (shop.name || identity.identity),
    credentialsEncrypted: sealCredentials(credentials),
    status: "connected" as const,
    statusReason: null,
    webhooksManaged: registerWebhooks,
    webhooksState: registerWebhooks ? ("missing" as const) : ("not_managed" as const),
    lastSyncError: null,
    // A revoked or expired store that is reconnected catches up on the orders it missed.
    connectedAt: previous && previous.status !== "disconnected" ? previous.connectedAt : now,
    disconnectedAt: null,
    productsSyncRequestedAt: now,
  };
  let row: StoreRow;
  try {
    row = await withTransaction(ctx, async (tx) => {
      // Closes the race with a concurrent connect of the same shop by another customer.
      const [other] = await tx.db
        .select({ id: stores.id })
        .from(stores)
        .where(and(eq(stores.platform, data.platform), eq(stores.identity, identity.identity), ne(stores.status, "disconnected"), ne(stores.customerId, customerId)));
      if (other) throw shopTaken(data.platform, identity);
      const [saved] = previous
        ? await tx.db
            .update(stores)
            .set({ ...values, reconcileCursor: previous.status === "disconnected" ? now : previous.reconcileCursor })
            .where(eq(stores.id, previous.id))
            .returning()
        : await tx.db
            .insert(stores)
            .values({ id: storeId, customerId, platform: data.platform, identity: identity.identity, reconcileCursor: now, createdBy: actorLabel(ctx.actor), ...values })
            .returning();
      await audit(tx, { action: previous ? "store.reconnect" : "store.connect", entityType: "store", entityId: storeId, customerId, after: { ...saved!, credentialsEncrypted: undefined } });
      await recordStoreEvent(tx, { storeId, customerId, type: "store.connected", message: `Connected by ${actorLabel(ctx.actor)}` });
      await enqueue(tx, "store.sync-products", { storeId }, { key: `${storeId}:${now.getTime()}` });
      return saved!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw shopTaken(data.platform, identity);
    throw error;
  }

  invalidateStore(ctx, row);
  if (registerWebhooks) row = await refreshWebhooks(ctx, row, openStore(ctx, row));
  return (await loadStoreViews(ctx.db, [row]))[0]!;
}

function shopTaken(platform: Platform, identity: ReturnType<typeof identityOf>): AppError {
  return new AppError("conflict", `This ${platformLabel(platform)} shop is already connected to another customer`, {
    reason: "store_taken",
    details: [{ path: identity.field, message: `${identity.identity} belongs to another active store` }],
  });
}
