import { eq } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import { mailMessages } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { createId } from "@/lib/ids";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { enqueue } from "@/lib/jobs/enqueue";
import type { ServiceContext } from "@/lib/services/context";
import { renderHtml, renderText, type MailContent } from "./layout";

export type Mail = { to: string; subject: string; content: MailContent };
type StoredBody = { text: string; html: string };

/**
 * Records a mail in the caller's transaction. With SMTP configured a job delivers it (with
 * retries); without, it stays in the dev outbox that staff read in the console.
 */
export async function queueMail(ctx: ServiceContext, mail: Mail): Promise<string> {
  const env = getEnv();
  const id = createId("mail");
  const body: StoredBody = { text: renderText(mail.content), html: renderHtml(mail.content, env.PARTNER_NAME) };
  const transport = env.SMTP_URL ? "smtp" : "outbox";
  await ctx.db.insert(mailMessages).values({
    id,
    to: mail.to,
    subject: mail.subject,
    bodyEncrypted: encryptSecret(JSON.stringify(body)),
    transport,
    status: transport === "smtp" ? "queued" : "stored",
  });
  if (transport === "smtp") await enqueue(ctx, "mail.send", { mailId: id }, { key: id });
  ctx.log.info({ mailId: id, transport }, "mail queued");
  return id;
}

export function readMailBody(bodyEncrypted: string): StoredBody {
  return JSON.parse(decryptSecret(bodyEncrypted)) as StoredBody;
}

let transporter: { url: string; instance: Transporter } | undefined;

function getTransporter(url: string): Transporter {
  if (transporter?.url !== url) {
    const parsed = new URL(url);
    // smtp:// on a local relay usually has no certificate worth checking; smtps:// is strict.
    transporter = {
      url,
      instance: nodemailer.createTransport({
        host: parsed.hostname,
        port: Number(parsed.port || (parsed.protocol === "smtps:" ? 465 : 587)),
        secure: parsed.protocol === "smtps:",
        auth: parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : undefined,
        ignoreTLS: parsed.searchParams.get("tls") === "off",
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      }),
    };
  }
  return transporter.instance;
}

/** Delivers one queued mail over SMTP; a mail already sent is not sent again. */
export async function deliverMail(ctx: ServiceContext, mailId: string): Promise<void> {
  const env = getEnv();
  const [mail] = await ctx.db.select().from(mailMessages).where(eq(mailMessages.id, mailId));
  if (!mail || mail.status === "sent" || mail.transport !== "smtp") return;
  if (!env.SMTP_URL) throw new Error("SMTP_URL is not set; the mail stays queued");
  const body = readMailBody(mail.bodyEncrypted);
  try {
    await getTransporter(env.SMTP_URL).sendMail({ from: env.MAIL_FROM, to: mail.to, subject: mail.subject, text: body.text, html: body.html });
  } catch (error) {
    await ctx.db
      .update(mailMessages)
      .set({ attempts: mail.attempts + 1, lastError: error instanceof Error ? error.message : String(error) })
      .where(eq(mailMessages.id, mailId));
    throw error;
  }
  await ctx.db.update(mailMessages).set({ status: "sent", sentAt: new Date(), attempts: mail.attempts + 1, lastError: null }).where(eq(mailMessages.id, mailId));
}
