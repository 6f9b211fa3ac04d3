import type { CustomerUserView } from "@/lib/services/storefront";
import type { ActionState } from "@/lib/actions";
import { Badge } from "@/components/ui/badge";
import { Time, relativeTime } from "@/components/ui/time";
import { RowAction } from "./row-action";

type RowActionFn = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** A customer's storefront users; with actions, invited users can be re-invited and others removed. */
export function UserList({
  users,
  currentUserId,
  actions,
}: {
  users: CustomerUserView[];
  currentUserId?: string;
  actions?: { resend: RowActionFn; remove: RowActionFn };
}) {
  return (
    <ul className="divide-y divide-slate-100" aria-label="Users">
      {users.map((user) => (
        <li key={user.id} className="flex flex-wrap items-center gap-x-4 gap-y-3 px-5 py-4" data-user-email={user.email}>
          <div className="flex min-w-0 flex-1 basis-56 items-center gap-3">
            <div className="flex size-9 shrink-0 items-center justify-center rounded-full bg-brand-50 text-sm font-semibold text-brand-700" aria-hidden>
              {(user.firstName ?? user.name).slice(0, 1).toUpperCase()}
            </div>
            <div className="min-w-0">
              <p className="truncate text-sm font-medium text-slate-900">
                {user.name}
                {user.id === currentUserId ? <span className="ml-1.5 text-xs font-normal text-slate-500">(you)</span> : null}
              </p>
              <p className="truncate text-sm text-slate-500">{user.email}</p>
            </div>
          </div>
          <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
            {user.role === "admin" ? <Badge tone="indigo">Admin</Badge> : <Badge>Member</Badge>}
            {user.status === "active" ? <Badge tone="green">Active</Badge> : <Badge tone="yellow">Invited</Badge>}
            <span className="whitespace-nowrap">
              {user.lastSignInAt ? (
                <>Signed in {relativeTime(user.lastSignInAt)}</>
              ) : user.invitedAt ? (
                <>
                  Invited <Time value={user.invitedAt} withTime={false} />
                </>
              ) : null}
            </span>
          </div>
          {actions && user.id !== currentUserId ? (
            <div className="ml-auto flex items-start gap-2">
              {user.status === "invited" ? (
                <RowAction action={actions.resend} fields={{ userId: user.id }} label="Resend invitation" pendingText="Sending…" accessibleLabel={`Resend the invitation to ${user.email}`} />
              ) : null}
              <RowAction action={actions.remove} fields={{ userId: user.id }} label="Remove" pendingText="Removing…" variant="danger" accessibleLabel={`Remove ${user.email}`} />
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
