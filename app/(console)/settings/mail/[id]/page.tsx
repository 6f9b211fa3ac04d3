import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireStaff } from "@/lib/auth/guards";
import { getMail } from "@/lib/services/mail/list";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { Card, CardHeader, DetailList } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { MailFrame } from "./mail-frame";

export const metadata: Metadata = { title: "Mail", referrer: "no-referrer" };

export default async function MailMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireStaff();
  if (ctx.user.role !== "admin") notFound();
  const { id } = await paramsOrNotFound(params);
  const mail = await pageOrNotFound(getMail({ ctx, mailId: id }));
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title={mail.subject} />
        <DetailList
          items={[
            { label: "To", value: mail.to },
            { label: "Status", value: mail.status === "stored" ? "Kept in the outbox (no SMTP server configured)" : mail.status },
            { label: "Created", value: <Time value={mail.createdAt} /> },
            ...(mail.sentAt ? [{ label: "Sent", value: <Time value={mail.sentAt} /> }] : []),
            ...(mail.lastError ? [{ label: "Last error", value: mail.lastError }] : []),
          ]}
        />
      </Card>
      <Card>
        <CardHeader title="Message" />
        <MailFrame html={mail.html} />
      </Card>
      <Card>
        <CardHeader title="Plain text" />
        <pre data-testid="mail-text" className="px-5 py-4 font-mono text-xs whitespace-pre-wrap wrap-anywhere text-slate-700">
          {mail.text}
        </pre>
      </Card>
    </div>
  );
}
