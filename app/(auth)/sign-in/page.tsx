import type { Metadata } from "next";
import Link from "next/link";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
      <p className="mt-1 mb-6 text-sm text-slate-500">Partner staff and storefront users sign in here.</p>
      <SignInForm callbackUrl={callbackUrl} />
      <p className="mt-6 text-center text-sm text-slate-500">
        <Link href="/forgot-password" className="font-medium text-brand-600 hover:text-brand-700">
          Forgot your password?
        </Link>
      </p>
    </>
  );
}
