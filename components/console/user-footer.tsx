import { LogOut } from "lucide-react";

/** Who is signed in, with a sign-out button bound to the given server action. */
export function UserFooter({ name, email, signOut }: { name: string; email: string; signOut: () => Promise<void> }) {
  return (
    <div className="flex items-center gap-2 px-2">
      <div className="flex size-8 shrink-0 items-center justify-center rounded-full bg-slate-700 text-xs font-semibold text-white" aria-hidden>
        {name.slice(0, 1).toUpperCase()}
      </div>
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium text-white">{name}</p>
        <p className="truncate text-xs text-slate-400">{email}</p>
      </div>
      <form action={signOut}>
        <button type="submit" className="rounded-md p-1.5 text-slate-400 hover:bg-white/10 hover:text-white" aria-label="Sign out" title="Sign out">
          <LogOut className="size-4" aria-hidden />
        </button>
      </form>
    </div>
  );
}
