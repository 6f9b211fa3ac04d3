import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireStaff } from "@/lib/auth/guards";
import { listStaff, type StaffView } from "@/lib/services/staff";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Table, THead, Th, TBody, Td } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Time, relativeTime } from "@/components/ui/time";
import { InviteStaffForm } from "./invite-staff-form";
import { removeStaffAction } from "../actions";

export const metadata: Metadata = { title: "Staff" };

function StatusBadge({ status }: { status: StaffView["status"] }) {
  if (status === "active") return <Badge tone="green">Active</Badge>;
  if (status === "invited") return <Badge tone="yellow">Invited</Badge>;
  return <Badge tone="red">Disabled</Badge>;
}

export default async function StaffPage() {
  const ctx = await requireStaff();
  if (ctx.user.role !== "admin") notFound();
  const staff = await listStaff({ ctx });
  return (
    <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-3">
      <Card className="xl:col-span-2">
        <CardHeader title="Team" description="Admins manage staff and API tokens; operators run everything else." />
        <Table>
          <THead>
            <Th>Name</Th>
            <Th className="hidden sm:table-cell">Role</Th>
            <Th className="hidden sm:table-cell">Status</Th>
            <Th className="hidden md:table-cell">Last sign-in</Th>
            <Th />
          </THead>
          <TBody>
            {staff.map((member) => (
              <tr key={member.id}>
                <Td>
                  <div className="font-medium text-slate-900">{member.name}</div>
                  <div className="text-xs break-words text-slate-500">{member.email}</div>
                  <div className="mt-1 flex items-center gap-2 text-xs text-slate-500 sm:hidden">
                    {member.role === "admin" ? "Admin" : "Operator"}
                    <StatusBadge status={member.status} />
                  </div>
                </Td>
                <Td className="hidden sm:table-cell">{member.role === "admin" ? <Badge tone="indigo">Admin</Badge> : <Badge>Operator</Badge>}</Td>
                <Td className="hidden sm:table-cell">
                  <StatusBadge status={member.status} />
                </Td>
                <Td className="hidden text-slate-500 md:table-cell">{member.lastSignInAt ? <span title={member.lastSignInAt}>{relativeTime(member.lastSignInAt)}</span> : member.invitedAt ? <>Invited <Time value={member.invitedAt} withTime={false} /></> : "—"}</Td>
                <Td className="text-right">
                  {member.status !== "disabled" && member.id !== ctx.user.id ? (
                    <form action={removeStaffAction}>
                      <input type="hidden" name="userId" value={member.id} />
                      <Button type="submit" variant="ghost" size="sm" aria-label={`Remove ${member.name}`}>
                        Remove
                      </Button>
                    </form>
                  ) : null}
                </Td>
              </tr>
            ))}
          </TBody>
        </Table>
      </Card>
      <Card>
        <CardHeader title="Invite a colleague" description="They get a mail with a link to choose their password." />
        <CardBody>
          <InviteStaffForm />
        </CardBody>
      </Card>
    </div>
  );
}
