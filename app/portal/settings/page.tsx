import type { Metadata } from "next";
import { requireCustomerUser } from "@/lib/auth/guards";
import { Card, CardBody, CardHeader, DetailList } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { portalPages } from "../loaders";
import { changePasswordAction, signOutEverywhereAction } from "../actions";
import { ChangePasswordForm } from "@/components/account/change-password-form";

export const metadata: Metadata = { title: "Settings" };

export default async function PortalSettingsPage() {
  const ctx = await requireCustomerUser();
  const { customer, partner } = await portalPages["/portal/settings"](ctx);
  return (
    <>
      <PageHeader title="Settings" description="Your account and how you sign in." />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Your account" />
          <DetailList
            items={[
              { label: "Name", value: ctx.user.name },
              { label: "Email", value: ctx.user.email },
              { label: "Company", value: customer.name },
              { label: "Role", value: ctx.user.role === "admin" ? <Badge tone="indigo">Admin</Badge> : <Badge>Member</Badge> },
              { label: "Print partner", value: partner },
            ]}
          />
          <div className="border-t border-slate-100 px-5 py-4">
            <h3 className="text-sm font-medium text-slate-900">Sessions</h3>
            <p className="mt-1 mb-3 text-sm text-slate-500">Signed in on a shared or lost device? End every session, this one included.</p>
            <form action={signOutEverywhereAction}>
              <Button type="submit" variant="danger">
                Sign out everywhere
              </Button>
            </form>
          </div>
        </Card>
        <Card>
          <CardHeader title="Change password" description="You will be signed out everywhere and asked to sign in again." />
          <CardBody>
            <ChangePasswordForm action={changePasswordAction} />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
