import type { CustomerUserView } from "@/lib/services/storefront";
import type { ActionState } from "@/lib/actions";
import { Badge } from "@/components/ui/badge";
import { Time, relativeTime } from "@/components/ui/time";
import { RowAction } from "./row-action";
import { CopyLinkAction } from "./copy-link-action";

type RowActionFn = (state: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * A customer's storefront users, then its pending invitations. With actions, invitations can be
 * sent again or revoked and users removed. Every invitation reads the same; staff are also told
 * when one went to an address outside the customer.
 */
export function UserList({
  users,
  currentUserId,
  actions,
}: {
  users: CustomerUserView[];
  currentUserId?: string;
  actions?: { resend: RowActionFn; revoke: RowActionFn; remove: RowActionFn; copyLink?: RowActionFn };
}) {
  const adminCount = users.filter((user) => user.role === "admin" && user.status === "active").length;
  const now = Date.now();
  return (
    <ul className="divide-y divide-slate-100" aria-label="Users">
      {users.map((user) => {
        const invitation = user.status === "invited";
        const canRemove = !invitation && user.id !== currentUserId && !(user.role === "admin" && adminCount === 1);
        const expired = invitation && user.expiresAt !== null && new Date(user.expiresAt).getTime() <= now;
        return (
          <li key={user.id} className="flex flex-wrap items-center gap-x-4 gap-y-3 px-5 py-4" data-user-email={user.email}>
            <div className="flex min-w-0 flex-1 basis-60 items-start gap-3">
              <div className="flex size-9 shrink-0 items-center justify-center rounded-full bg-brand-50 text-sm font-semibold text-brand-700" aria-hidden>
                {(user.firstName ?? user.name).slice(0, 1).toUpperCase()}
              </div>
              <div className="min-w-0">
                <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm font-medium text-slate-900">
                  <span className="truncate">{user.name}</span>
                  {user.id === currentUserId ? <span className="text-xs font-normal text-slate-500">(you)</span> : null}
                  {user.role === "admin" ? <Badge tone="indigo">Admin</Badge> : <Badge>Member</Badge>}
                  {user.status === "active" ? <Badge tone="green">Active</Badge> : expired ? <Badge>Invitation expired</Badge> : <Badge tone="yellow">Invited</Badge>}
                  {user.addressInUse ? <Badge tone="red">Address in use</Badge> : null}
                </p>
                <p className="truncate text-sm text-slate-500">{user.email}</p>
                <p className="mt-0.5 text-xs text-slate-400">
                  {invitation ? (
                    <>
                      Invitation sent <Time value={user.invitedAt ?? user.createdAt} withTime={false} />
                      {user.expiresAt ? (
                        <>
                          , {expired ? "expired" : "link works until"} <Time value={user.expiresAt} />
                        </>
                      ) : null}
                    </>
                  ) : user.lastSignInAt ? (
                    <>Signed in {relativeTime(user.lastSignInAt)}</>
                  ) : user.invitedAt ? (
                    <>
                      Invited <Time value={user.invitedAt} withTime={false} />
                      {user.status === "active" ? null : ", has not chosen a password yet"}
                    </>
                  ) : null}
                </p>
                {user.addressInUse ? (
                  <p className="mt-0.5 text-xs text-slate-500">This address belongs to an account outside this customer: nothing was sent but a notice to its holder, and nothing changed for that account.</p>
                ) : null}
              </div>
            </div>
            {actions && (invitation || canRemove) ? (
              <div className="ml-auto flex w-full min-w-0 flex-wrap items-start justify-end gap-2 sm:w-auto">
                {invitation && actions.copyLink && !user.addressInUse ? <CopyLinkAction action={actions.copyLink} invitationId={user.id} email={user.email} /> : null}
                {invitation ? (
                  <RowAction action={actions.resend} fields={{ invitationId: user.id }} label="Send again" pendingText="Sending…" accessibleLabel={`Send the invitation to ${user.email} again`} />
                ) : null}
                {invitation ? (
                  <RowAction action={actions.revoke} fields={{ invitationId: user.id }} label="Revoke" pendingText="Revoking…" variant="danger" accessibleLabel={`Revoke the invitation to ${user.email}`} />
                ) : null}
                {canRemove ? (
                  <RowAction action={actions.remove} fields={{ userId: user.id }} label="Remove" pendingText="Removing…" variant="danger" accessibleLabel={`Remove ${user.email}`} />
                ) : null}
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
