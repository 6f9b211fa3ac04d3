import type { Metadata } from "next";
import Link from "next/link";
import { ForgotForm } from "./forgot-form";

export const metadata: Metadata = { title: "Reset your password" };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Reset your password</h1>
      <p className="mt-1 mb-6 text-sm text-slate-500">Enter the email you sign in with and we will mail you a link to choose a new password.</p>
      <ForgotForm />
      <p className="mt-6 text-center text-sm text-slate-500">
        <Link href="/sign-in" className="font-medium text-brand-600 hover:text-brand-700">
          Back to sign in
        </Link>
      </p>
    </>
  );
}
