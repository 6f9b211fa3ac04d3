import { and, eq, isNull } from "drizzle-orm";
import { customers } from "@/db/schema";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import type { Database } from "@/db/client";
import { withTransaction, type ServiceContext } from "../context";
import { audit } from "../audit";
import { getCustomerRowOrThrow } from "../customers/get";
import { authorizeCustomerAccess } from "./access";
import { generateSigningSecret } from "./signature";
import type { PostbackSecretView } from "./schemas";

// Each customer has one signing secret, made the first time it is needed. Rotating keeps the
// previous one signing for 24 hours, so receivers can switch without missing a postback.

const overlapMs = 24 * 3600_000;

type CustomerRow = typeof customers.$inferSelect;

async function ensureSecret(db: Database, customerId: string): Promise<CustomerRow> {
  const row = await getCustomerRowOrThrow({ db }, customerId);
  if (row.postbackSecretEncrypted) return row;
  const [created] = await db
    .update(customers)
    .set({ postbackSecretEncrypted: encryptSecret(generateSigningSecret()) })
    .where(and(eq(customers.id, customerId), isNull(customers.postbackSecretEncrypted)))
    .returning();
  // Someone else made it first: theirs stands.
  return created ?? getCustomerRowOrThrow({ db }, customerId);
}

function previousExpiry(row: CustomerRow, now: Date): Date | null {
  if (!row.postbackSecretPreviousEncrypted || !row.postbackSecretPreviousExpiresAt) return null;
  return row.postbackSecretPreviousExpiresAt > now ? row.postbackSecretPreviousExpiresAt : null;
}

function toSecretView(row: CustomerRow, now = new Date()): PostbackSecretView {
  return { secret: decryptSecret(row.postbackSecretEncrypted!), previousSecretExpiresAt: previousExpiry(row, now)?.toISOString() ?? null };
}

/** The secrets a postback is signed with now: the current one, then the previous while it overlaps. */
export async function signingSecrets(db: Database, customerId: string, now = new Date()): Promise<string[]> {
  const row = await ensureSecret(db, customerId);
  const secrets = [decryptSecret(row.postbackSecretEncrypted!)];
  if (previousExpiry(row, now)) secrets.push(decryptSecret(row.postbackSecretPreviousEncrypted!));
  return secrets;
}

/** The customer's signing secret (`whsec_…`), made on first use. */
export async function getPostbackSecret({ ctx, customerId }: { ctx: ServiceContext; customerId: string }): Promise<PostbackSecretView> {
  authorizeCustomerAccess(ctx, customerId, "write");
  return withTransaction(ctx, async (tx) => {
    const row = await ensureSecret(tx.db, customerId);
    await audit(tx, { action: "postback_secret.read", entityType: "customer", entityId: customerId, customerId });
    return toSecretView(row);
  });
}

/** Whether a secret exists and until when the previous one still signs, without revealing either. */
export async function getPostbackSecretStatus({ ctx, customerId }: { ctx: ServiceContext; customerId: string }) {
  authorizeCustomerAccess(ctx, customerId);
  const row = await getCustomerRowOrThrow(ctx, customerId);
  return { exists: row.postbackSecretEncrypted !== null, previousSecretExpiresAt: previousExpiry(row, new Date())?.toISOString() ?? null };
}

/** A new signing secret; the old one keeps signing (as a second signature) for 24 hours. */
export async function rotatePostbackSecret({ ctx, customerId }: { ctx: ServiceContext; customerId: string }): Promise<PostbackSecretView> {
  authorizeCustomerAccess(ctx, customerId, "write");
  return withTransaction(ctx, async (tx) => {
    const row = await getCustomerRowOrThrow(tx, customerId, { forUpdate: true });
    const now = new Date();
    const [updated] = await tx.db
      .update(customers)
      .set({
        postbackSecretEncrypted: encryptSecret(generateSigningSecret()),
        postbackSecretPreviousEncrypted: row.postbackSecretEncrypted,
        postbackSecretPreviousExpiresAt: row.postbackSecretEncrypted ? new Date(now.getTime() + overlapMs) : null,
      })
      .where(eq(customers.id, customerId))
      .returning();
    await audit(tx, { action: "postback_secret.rotate", entityType: "customer", entityId: customerId, customerId });
    return toSecretView(updated!, now);
  });
}
