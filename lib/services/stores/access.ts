import { and, eq, sql } from "drizzle-orm";
import { customers, stores } from "@/db/schema";
import type { Database } from "@/db/client";
import { AppError, notFound } from "@/lib/errors";
import { actorCustomerId, type ServiceContext } from "../context";
import { authorize } from "../permissions";

export type StoreRow = typeof stores.$inferSelect;

/** A store the actor may see: customer-scoped actors reach only their own customer's (others are 404). */
export async function getStoreRowOrThrow(ctx: Pick<ServiceContext, "db" | "actor">, storeId: string, options: { forUpdate?: boolean } = {}): Promise<StoreRow> {
  const own = actorCustomerId(ctx.actor);
  const query = ctx.db
    .select()
    .from(stores)
    .where(
      and(
        eq(stores.id, storeId),
        own === undefined ? undefined : eq(stores.customerId, own),
        // A deleted customer's stores (kept disconnected for its orders) are gone with it.
        sql`not exists (select 1 from ${customers} where ${customers.id} = ${stores.customerId} and ${customers.deletedAt} is not null)`,
      ),
    );
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound("Store", storeId);
  return row;
}

/** A store by id with no actor scoping (jobs and the webhook intake). */
export async function loadStoreRow(db: Database, storeId: string): Promise<StoreRow | undefined> {
  const [row] = await db.select().from(stores).where(eq(stores.id, storeId));
  return row;
}

/** Reading a customer's stores: partner actors with `read`, or the customer's own users. */
export function authorizeStoreRead(ctx: ServiceContext, customerId: string): void {
  const own = actorCustomerId(ctx.actor);
  if (own === undefined) return authorize(ctx, "read");
  if (own !== customerId) throw notFound("Customer", customerId);
}

/** Connecting, changing and disconnecting stores: partner staff with `write`, or an admin of that customer. */
export function authorizeStoreChange(ctx: ServiceContext, customerId: string): void {
  const own = actorCustomerId(ctx.actor);
  if (own === undefined) return authorize(ctx, "write");
  if (own !== customerId) throw notFound("Customer", customerId);
  if (ctx.actor.type !== "customer_user" || ctx.actor.role !== "admin") {
    throw new AppError("forbidden", "Only your company's admins can manage stores");
  }
}

/** Marks an audited change to a customer's store made by partner staff or a partner token, not by the customer's own users. */
export function onBehalfOf(ctx: Pick<ServiceContext, "actor">, customerId: string): { onBehalfOf?: string } {
  return ctx.actor.type === "staff" || ctx.actor.type === "token" ? { onBehalfOf: customerId } : {};
}
