import Link from "next/link";
import { SearchX } from "lucide-react";

export default function PortalNotFound() {
  return (
    <div className="flex min-h-[50vh] flex-col items-center justify-center px-4 text-center">
      <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-brand-50 text-brand-600">
        <SearchX className="size-6" aria-hidden />
      </div>
      <h1 className="text-xl font-semibold text-slate-900">Not found</h1>
      <p className="mt-2 max-w-sm text-sm text-slate-500">This page does not exist, or it is not part of your company&apos;s portal.</p>
      <Link href="/portal" className="mt-6 text-sm font-medium text-brand-600 hover:text-brand-700">
        Back to the portal home
      </Link>
    </div>
  );
}
