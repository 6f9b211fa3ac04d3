import type { Metadata } from "next";
import Link from "next/link";
import { CircleAlert } from "lucide-react";
import { getDb } from "@/lib/runtime";
import { getEnv } from "@/lib/env";
import { inspectLink, linkErrorMessage } from "@/lib/services/auth/links";
import { SetPasswordForm } from "./set-password-form";
import { paramsOrNotFound } from "@/lib/next/not-found";

export const metadata: Metadata = { title: "Set your password", referrer: "no-referrer" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await paramsOrNotFound(params);
  const link = await inspectLink(getDb(), token);
  if (link.status !== "valid") {
    return (
      <div className="text-center">
        <div className="mx-auto mb-4 flex size-12 items-center justify-center rounded-full bg-red-50 text-red-600">
          <CircleAlert className="size-6" aria-hidden />
        </div>
        <h1 className="text-xl font-semibold text-slate-900">This link cannot be used</h1>
        <p className="mt-2 text-sm text-slate-600">{linkErrorMessage(link.status)}</p>
        <p className="mt-6 text-sm">
          <Link href="/forgot-password" className="font-medium text-brand-600 hover:text-brand-700">
            Get a new link
          </Link>
          <span className="mx-2 text-slate-300">·</span>
          <Link href="/sign-in" className="font-medium text-brand-600 hover:text-brand-700">
            Sign in
          </Link>
        </p>
      </div>
    );
  }
  const greeting = link.user.firstName ?? link.user.name;
  const isInvite = link.purpose === "invite";
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">{isInvite ? `Welcome, ${greeting}` : "Choose a new password"}</h1>
      <p className="mt-1 mb-6 text-sm text-slate-500">
        {isInvite ? `Choose a password to activate your ${getEnv().PARTNER_NAME} account ` : "Setting a new password signs you out everywhere else. Account: "}
        <span className="font-medium text-slate-700">{link.user.email}</span>.
      </p>
      <SetPasswordForm token={token} email={link.user.email} />
    </>
  );
}
