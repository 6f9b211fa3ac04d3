import { desc, eq, lt, and } from "drizzle-orm";
import { mailMessages } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { readMailBody } from "@/lib/mail/send";
import type { ServiceContext } from "../context";
import { authorize } from "../permissions";

export type MailView = {
  id: string;
  to: string;
  subject: string;
  transport: "smtp" | "outbox";
  status: string;
  createdAt: string;
  sentAt: string | null;
  lastError: string | null;
};

function toMailView(row: typeof mailMessages.$inferSelect): MailView {
  return {
    id: row.id,
    to: row.to,
    subject: row.subject,
    transport: row.transport,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    lastError: row.lastError,
  };
}

/** Sent and stored mail, newest first (the dev outbox when SMTP is not configured). */
export async function listMail({ ctx, input }: { ctx: ServiceContext; input: { before?: string; limit?: number } }): Promise<MailView[]> {
  authorize(ctx, "staff:manage");
  const rows = await ctx.db
    .select()
    .from(mailMessages)
    .where(input.before ? and(lt(mailMessages.id, input.before)) : undefined)
    .orderBy(desc(mailMessages.id))
    .limit(Math.min(input.limit ?? 50, 200));
  return rows.map(toMailView);
}

/** One mail with its bodies (only outbox mail keeps a readable body for staff). */
export async function getMail({ ctx, mailId }: { ctx: ServiceContext; mailId: string }): Promise<MailView & { text: string; html: string }> {
  authorize(ctx, "staff:manage");
  const [row] = await ctx.db.select().from(mailMessages).where(eq(mailMessages.id, mailId));
  if (!row) throw notFound("Mail", mailId);
  const body = readMailBody(row.bodyEncrypted);
  return { ...toMailView(row), ...body };
}
