import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Mail } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { listMail } from "@/lib/services/mail/list";
import { getEnv } from "@/lib/env";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, THead, Th, TBody, Td } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Alert } from "@/components/ui/form";
import { Time } from "@/components/ui/time";

export const metadata: Metadata = { title: "Mail" };

const statusTone = { sent: "green", stored: "blue", queued: "yellow", failed: "red" } as const;

function StatusBadge({ status }: { status: string }) {
  return <Badge tone={statusTone[status as keyof typeof statusTone] ?? "gray"}>{status === "stored" ? "In outbox" : status}</Badge>;
}

export default async function MailPage() {
  const ctx = await requireStaff();
  if (ctx.user.role !== "admin") notFound();
  const mails = await listMail({ ctx, input: { limit: 100 } });
  const smtp = Boolean(getEnv().SMTP_URL);
  return (
    <div className="space-y-4">
      {smtp ? null : (
        <Alert tone="info">
          No SMTP server is configured (<code className="font-mono text-xs">SMTP_URL</code>), so mail is kept here instead of being sent. Open a message to read it and follow its links.
        </Alert>
      )}
      <Card>
        <CardHeader title={smtp ? "Sent mail" : "Outbox"} description="Invitations, password resets and postback mails, newest first." />
        {mails.length === 0 ? (
          <EmptyState icon={Mail} title="No mail yet">
            Mail appears here when you invite staff, enable storefront access or a postback trigger sends an email.
          </EmptyState>
        ) : (
          <Table>
            <THead>
              <Th>Subject</Th>
              <Th className="hidden sm:table-cell">To</Th>
              <Th className="hidden sm:table-cell">Status</Th>
              <Th className="hidden text-right sm:table-cell">Created</Th>
            </THead>
            <TBody>
              {mails.map((mail) => (
                <tr key={mail.id} className="hover:bg-slate-50">
                  <Td>
                    <Link href={`/settings/mail/${mail.id}`} className="font-medium text-slate-900 hover:text-brand-700">
                      {mail.subject}
                    </Link>
                    <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500 sm:hidden">
                      <span className="break-all">{mail.to}</span>
                      <StatusBadge status={mail.status} />
                      <Time value={mail.createdAt} />
                    </div>
                  </Td>
                  <Td className="hidden text-slate-600 sm:table-cell">{mail.to}</Td>
                  <Td className="hidden sm:table-cell">
                    <StatusBadge status={mail.status} />
                  </Td>
                  <Td className="hidden text-right whitespace-nowrap text-slate-500 sm:table-cell">
                    <Time value={mail.createdAt} />
                  </Td>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </div>
  );
}
