import type { z } from "zod";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { apiTokens, auditLog, users } from "@/db/schema";
import { createId } from "@/lib/ids";
import { AppError, notFound } from "@/lib/errors";
import { randomToken, sha256Hex } from "@/lib/crypto";
import { actorLabel, withTransaction, type Actor, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { audit } from "../audit";
import { parseInput } from "../parse";
import { createTokenInput, type TokenView } from "./schemas";

const tokenPrefix = "ibk_";

function toTokenView(row: typeof apiTokens.$inferSelect): TokenView {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    prefix: row.tokenPrefix,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/**
 * Who answers for a new token: the staff member creating it, or, when a token mints a token, the
 * person behind that one. A token lives only as long as its owner's account (see authenticateApiToken).
 */
async function tokenOwner(ctx: ServiceContext): Promise<string> {
  if (ctx.actor.type !== "token") return actorLabel(ctx.actor);
  const [parent] = await ctx.db.select({ createdBy: apiTokens.createdBy }).from(apiTokens).where(eq(apiTokens.id, ctx.actor.tokenId));
  return parent?.createdBy ?? actorLabel(ctx.actor);
}

/** Creates an admin API token. The token itself is returned here and never again. */
export async function createApiToken({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof createTokenInput> }): Promise<TokenView & { token: string }> {
  authorize(ctx, "tokens:manage");
  const data = parseInput(createTokenInput, input);
  const token = tokenPrefix + randomToken(32);
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(apiTokens)
      .values({ id: createId("token"), name: data.name, scope: data.scope, tokenHash: sha256Hex(token), tokenPrefix: token.slice(0, 10), createdBy: await tokenOwner(tx) })
      .returning();
    await audit(tx, { action: "token.create", entityType: "api_token", entityId: row!.id, after: row });
    return { ...toTokenView(row!), token };
  });
}

export async function listApiTokens({ ctx }: { ctx: ServiceContext }): Promise<TokenView[]> {
  authorize(ctx, "tokens:manage");
  const rows = await ctx.db.select().from(apiTokens).orderBy(desc(apiTokens.id));
  return rows.map(toTokenView);
}

export async function revokeApiToken({ ctx, tokenId }: { ctx: ServiceContext; tokenId: string }): Promise<void> {
  authorize(ctx, "tokens:manage");
  await withTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
      .returning();
    if (!row) throw notFound("API token", tokenId);
    await audit(tx, { action: "token.revoke", entityType: "api_token", entityId: tokenId, after: row });
  });
}

/**
 * Revokes every live token a staff member owns when their account is removed, and every token
 * those tokens minted (found through the audit log, so tokens minted before owners were recorded
 * are found too); returns the ids.
 */
export async function revokeTokensOwnedBy(tx: ServiceContext, email: string): Promise<string[]> {
  const owned = await tx.db.select({ id: apiTokens.id }).from(apiTokens).where(eq(sql`lower(${apiTokens.createdBy})`, email.toLowerCase()));
  const lineage = new Set(owned.map((row) => row.id));
  for (let parents = [...lineage]; parents.length > 0; ) {
    const minted = await tx.db
      .select({ id: auditLog.entityId })
      .from(auditLog)
      .where(and(eq(auditLog.action, "token.create"), eq(auditLog.actorType, "token"), inArray(auditLog.actorId, parents)));
    parents = minted.map((row) => row.id).filter((id): id is string => id !== null && !lineage.has(id));
    for (const id of parents) lineage.add(id);
  }
  if (lineage.size === 0) return [];
  const rows = await tx.db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(inArray(apiTokens.id, [...lineage]), isNull(apiTokens.revokedAt)))
    .returning();
  for (const row of rows) {
    await audit(tx, { action: "token.revoke", entityType: "api_token", entityId: row.id, after: { ...row, reason: "owner removed" } });
  }
  return rows.map((row) => row.id);
}

const lastUsedWrites = new Map<string, number>();

/**
 * The actor for a bearer token, or an unauthorized error. Revocation takes effect at once, and so
 * does removing the staff member who owns the token, even if the token was somehow not revoked then.
 */
export async function authenticateApiToken(ctx: Pick<ServiceContext, "db">, token: string): Promise<Extract<Actor, { type: "token" }>> {
  if (!token.startsWith(tokenPrefix) || token.length > 200) throw new AppError("unauthorized", "The API token is not valid");
  const [found] = await ctx.db
    .select({ row: apiTokens, ownerDisabledAt: users.disabledAt })
    .from(apiTokens)
    .leftJoin(users, and(eq(users.kind, "staff"), eq(sql`lower(${users.email})`, sql`lower(${apiTokens.createdBy})`)))
    .where(eq(apiTokens.tokenHash, sha256Hex(token)));
  const row = found?.row;
  if (!row || row.revokedAt || found.ownerDisabledAt) throw new AppError("unauthorized", "The API token is not valid");
  // Last-use time is informational: write it at most once a minute per token.
  const now = Date.now();
  if ((lastUsedWrites.get(row.id) ?? 0) < now - 60_000) {
    lastUsedWrites.set(row.id, now);
    await ctx.db.update(apiTokens).set({ lastUsedAt: new Date(now) }).where(eq(apiTokens.id, row.id));
  }
  return { type: "token", tokenId: row.id, name: row.name, scope: row.scope };
}
