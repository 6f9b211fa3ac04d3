import type { Metadata } from "next";
import { requireCustomerUser } from "@/lib/auth/guards";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { UserList } from "@/components/storefront/user-list";
import { portalPages } from "../loaders";
import { removeUserAction, resendInvitationAction, revokeInvitationAction } from "../actions";
import { InviteUserForm } from "./invite-user-form";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const ctx = await requireCustomerUser();
  const { customer, users } = await portalPages["/portal/users"](ctx);
  const isAdmin = ctx.user.role === "admin";
  const admins = users.filter((user) => user.role === "admin");
  return (
    <>
      <PageHeader title="Users" description={`The people at ${customer.name} who can sign in to this portal.`} />
      <div className="grid items-start gap-6 xl:grid-cols-3">
        <Card className="xl:col-span-2">
          <CardHeader title={`${users.length} ${users.length === 1 ? "user" : "users"}`} description="Admins connect shops and manage users; members can see everything but change no users." />
          <UserList users={users} currentUserId={ctx.user.id} actions={isAdmin ? { resend: resendInvitationAction, revoke: revokeInvitationAction, remove: removeUserAction } : undefined} />
        </Card>
        {isAdmin ? (
          <Card>
            <CardHeader title="Invite a colleague" description="They get a mail with a link to choose their password. The link works once, for 72 hours." />
            <CardBody>
              <InviteUserForm />
            </CardBody>
          </Card>
        ) : (
          <Card>
            <CardHeader title="Inviting colleagues" />
            <CardBody className="text-sm text-slate-600">
              Only admins can invite or remove users. Ask {admins.length ? admins.map((admin) => admin.name).join(" or ") : "an admin"}.
            </CardBody>
          </Card>
        )}
      </div>
    </>
  );
}
