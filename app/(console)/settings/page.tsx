import type { Metadata } from "next";
import { requireStaff } from "@/lib/auth/guards";
import { Card, CardBody, CardHeader, DetailList } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { changePasswordAction, signOutEverywhereAction } from "./actions";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const { user } = await requireStaff();
  return (
    <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-2">
      <Card>
        <CardHeader title="Profile" />
        <DetailList
          items={[
            { label: "Name", value: user.name },
            { label: "Email", value: user.email },
            { label: "Role", value: <Badge tone={user.role === "admin" ? "indigo" : "gray"}>{user.role === "admin" ? "Admin" : "Operator"}</Badge> },
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
  );
}
