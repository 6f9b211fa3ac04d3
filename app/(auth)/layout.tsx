import { getEnv } from "@/lib/env";

export const dynamic = "force-dynamic";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  const partner = getEnv().PARTNER_NAME;
  return (
    <div className="flex min-h-screen flex-col items-center justify-center bg-slate-100 px-4 py-12">
      <div className="mb-8 flex items-center gap-2.5">
        <div className="flex size-9 items-center justify-center rounded-lg bg-brand-600 font-bold text-white" aria-hidden>
          {partner.slice(0, 1).toUpperCase()}
        </div>
        <span className="text-lg font-semibold text-slate-900">{partner}</span>
      </div>
      <div className="w-full max-w-sm rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">{children}</div>
      <p className="mt-6 text-xs text-slate-400">Powered by Inkbridge</p>
    </div>
  );
}
