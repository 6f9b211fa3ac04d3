import type { Metadata } from "next";
import Link from "next/link";
import { ShieldOff, Store } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { getEnv } from "@/lib/env";
import { getCustomer } from "@/lib/services/customers";
import { getStorefrontAccess } from "@/lib/services/storefront";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { CopyField } from "@/components/ui/copy-button";
import { Alert } from "@/components/ui/form";
import { Time } from "@/components/ui/time";
import { UserList } from "@/components/storefront/user-list";
import { DisableStorefrontForm, EnableStorefrontForm, InviteStorefrontUserForm } from "./forms";
import {
  copyStorefrontInvitationLinkAction,
  disableStorefrontAction,
  enableStorefrontAction,
  inviteStorefrontUserAction,
  removeStorefrontUserAction,
  revokeStorefrontInvitationAction,
  resendStorefrontInvitationAction,
} from "./actions";

export const metadata: Metadata = { title: "Storefront access" };

export default async function StorefrontTab({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireStaff();
  const { id } = await paramsOrNotFound(params);
  const customer = await pageOrNotFound(getCustomer({ ctx, customerId: id }));
  const access = await getStorefrontAccess({ ctx, customerId: id });
  const { APP_URL, PARTNER_NAME, SMTP_URL } = getEnv();
  const enable = enableStorefrontAction.bind(null, customer.id);
  const formerAdmin = access.users.find((user) => user.role === "admin");

  if (!access.enabled) {
    return (
      <div className="grid gap-6 xl:grid-cols-5">
        <Card className="xl:col-span-3">
          <CardHeader
            title={access.users.length ? "Storefront access is off" : "Open the storefront portal"}
            description={
              access.users.length
                ? `${customer.name}'s users cannot sign in. Switching access back on mails the admin below a new link.`
                : `Give ${customer.name} its own portal at ${PARTNER_NAME}: it sees the catalog products you allow, invites its colleagues, connects its Shopify shop and follows its orders.`
            }
          />
          <CardBody>
            <EnableStorefrontForm
              action={enable}
              defaults={formerAdmin ? { email: formerAdmin.email, firstName: formerAdmin.firstName ?? "", lastName: formerAdmin.lastName ?? "" } : undefined}
              submitLabel={access.users.length ? "Switch access back on" : "Enable access and send invitation"}
            />
          </CardBody>
        </Card>
        <Card className="xl:col-span-2">
          {access.users.length ? (
            <>
              <CardHeader title="Users" description="Kept while access is off; they can sign in again once it is back on." />
              <UserList users={access.users} />
            </>
          ) : (
            <CardBody className="space-y-3 text-sm text-slate-600">
              <div className="flex size-10 items-center justify-center rounded-full bg-brand-50 text-brand-600">
                <Store className="size-5" aria-hidden />
              </div>
              <h3 className="font-semibold text-slate-900">What the customer gets</h3>
              <ul className="list-disc space-y-1.5 pl-5">
                <li>Its own sign-in, separate from your console: it sees only its own shops, products and orders.</li>
                <li>The products you allow under Catalog access (the whole catalog unless you choose).</li>
                <li>Its admin invites colleagues; you can switch access off at any time, which signs everyone out at once.</li>
              </ul>
            </CardBody>
          )}
        </Card>
      </div>
    );
  }

  return (
    <div className="grid items-start gap-6 xl:grid-cols-3">
      <div className="min-w-0 space-y-6 xl:col-span-2">
        <Card>
          <CardHeader
            title={
              <span className="flex items-center gap-2">
                Storefront portal <Badge tone="green">On</Badge>
              </span>
            }
            description={
              <>
                Enabled <Time value={access.enabledAt} />. Users sign in at the address below and land in their portal.
              </>
            }
          />
          <CardBody>
            <CopyField value={`${APP_URL}/sign-in`} label="Copy address" />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Users" description="Send again or copy a new link to replace a lost or expired one; only the newest link works." />
          {!SMTP_URL && access.users.some((user) => user.status === "invited") ? (
            <CardBody className="pb-0">
              <Alert tone="info">
                No SMTP server is set (<code className="font-mono text-xs">SMTP_URL</code>), so invitations are not mailed: they wait in{" "}
                <Link href="/settings/mail" className="font-medium underline">
                  Settings → Mail
                </Link>
                . Or copy an invitation link and hand it over yourself.
              </Alert>
            </CardBody>
          ) : null}
          {access.users.length ? (
            <UserList
              users={access.users}
              actions={{
                resend: resendStorefrontInvitationAction.bind(null, customer.id),
                revoke: revokeStorefrontInvitationAction.bind(null, customer.id),
                remove: removeStorefrontUserAction.bind(null, customer.id),
                copyLink: copyStorefrontInvitationLinkAction.bind(null, customer.id),
              }}
            />
          ) : (
            <CardBody>
              <Alert tone="info">No users yet. Invite the customer&apos;s admin with the form.</Alert>
            </CardBody>
          )}
        </Card>
      </div>
      <div className="space-y-6">
        <Card>
          <CardHeader title="Invite a user" description="Usually the customer's admin does this in the portal." />
          <CardBody>
            <InviteStorefrontUserForm action={inviteStorefrontUserAction.bind(null, customer.id)} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title={
              <span className="flex items-center gap-2">
                <ShieldOff className="size-4 text-red-600" aria-hidden />
                Switch access off
              </span>
            }
          />
          <CardBody>
            <DisableStorefrontForm action={disableStorefrontAction.bind(null, customer.id)} customerName={customer.name} />
          </CardBody>
        </Card>
      </div>
    </div>
  );
}
