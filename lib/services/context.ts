import type { Database } from "@/db/client";
import type { Logger } from "@/lib/log";
import { getLogger } from "@/lib/log";
import { getDb } from "@/lib/runtime";
import type { CustomerRole, StaffRole, TokenScope } from "@/db/schema/enums";

export type Actor =
  | { type: "staff"; userId: string; email: string; name: string; role: StaffRole }
  | { type: "token"; tokenId: string; name: string; scope: TokenScope }
  | { type: "customer_user"; userId: string; customerId: string; email: string; name: string; role: CustomerRole }
  | { type: "connector"; connectorId: string; customerId: string }
  | { type: "store"; storeId: string; customerId: string }
  | { type: "system"; label: string };

export type ServiceContext = {
  actor: Actor;
  db: Database;
  log: Logger;
  requestId?: string;
  /** Set inside withTransaction; callbacks run after the outermost transaction commits. */
  transaction?: { afterCommit: Array<() => void> };
};

export function createContext(actor: Actor, options: { db?: Database; log?: Logger; requestId?: string } = {}): ServiceContext {
  const log = (options.log ?? getLogger()).child({ actor: actorLabel(actor), ...(options.requestId ? { requestId: options.requestId } : {}) });
  return { actor, db: options.db ?? getDb(), log, requestId: options.requestId };
}

export function systemContext(label: string, options: { db?: Database; log?: Logger } = {}): ServiceContext {
  return createContext({ type: "system", label }, options);
}

/** Runs `fn` in a transaction, reusing the caller's when there is one. */
export async function withTransaction<T>(ctx: ServiceContext, fn: (tx: ServiceContext) => Promise<T>): Promise<T> {
  if (ctx.transaction) return fn(ctx);
  const afterCommit: Array<() => void> = [];
  const result = await ctx.db.transaction((tx) => fn({ ...ctx, db: tx as unknown as Database, transaction: { afterCommit } }));
  for (const callback of afterCommit) {
    try {
      callback();
    } catch (error) {
      ctx.log.error({ err: error }, "after-commit callback failed");
    }
  }
  return result;
}

/** Runs `callback` once the surrounding transaction has committed (at once when there is none). */
export function afterCommit(ctx: ServiceContext, callback: () => void): void {
  if (ctx.transaction) ctx.transaction.afterCommit.push(callback);
  else callback();
}

export function actorLabel(actor: Actor): string {
  switch (actor.type) {
    case "staff":
    case "customer_user":
      return actor.email;
    case "token":
      return `token:${actor.name}`;
    case "connector":
      return actor.connectorId;
    case "store":
      return actor.storeId;
    case "system":
      return `system:${actor.label}`;
  }
}

export function actorId(actor: Actor): string | null {
  switch (actor.type) {
    case "staff":
    case "customer_user":
      return actor.userId;
    case "token":
      return actor.tokenId;
    case "connector":
      return actor.connectorId;
    case "store":
      return actor.storeId;
    case "system":
      return null;
  }
}

/** The customer the actor is confined to, or undefined for partner-wide actors. */
export function actorCustomerId(actor: Actor): string | undefined {
  switch (actor.type) {
    case "customer_user":
    case "connector":
    case "store":
      return actor.customerId;
    default:
      return undefined;
  }
}
