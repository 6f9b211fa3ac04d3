import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { auth } from "./auth";
import { createContext, type ServiceContext } from "@/lib/services/context";
import type { Session } from "next-auth";

export type SessionUser = Session["user"];

/** The signed-in user of this request, checked against the session table (once per request). */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  return session?.user ?? null;
});

async function signInRedirect(): Promise<never> {
  const path = (await headers()).get("x-inkbridge-path") ?? "/";
  redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
}

export type StaffContext = ServiceContext & { user: SessionUser & { kind: "staff"; role: "admin" | "operator" } };
export type CustomerContext = ServiceContext & { user: SessionUser & { kind: "customer"; customerId: string; role: "admin" | "member" } };

/** Console pages and actions: partner staff only. Storefront users get a 404, never staff data. */
export async function requireStaff(): Promise<StaffContext> {
  const user = await currentUser();
  if (!user) return signInRedirect();
  if (user.kind !== "staff") notFound();
  const staffUser = user as StaffContext["user"];
  const ctx = createContext({ type: "staff", userId: user.id, email: user.email, name: user.name, role: staffUser.role });
  return { ...ctx, user: staffUser };
}

/** Portal pages and actions: the users of one customer, confined to that customer. */
export async function requireCustomerUser(): Promise<CustomerContext> {
  const user = await currentUser();
  if (!user) return signInRedirect();
  if (user.kind !== "customer" || !user.customerId) notFound();
  const customerUser = user as CustomerContext["user"];
  const ctx = createContext({
    type: "customer_user",
    userId: user.id,
    customerId: user.customerId,
    email: user.email,
    name: user.name,
    role: customerUser.role,
  });
  return { ...ctx, user: customerUser };
}

/**
 * Route handlers open to staff and customer users alike (shop OAuth): the signed-in user, the
 * session id and a service context for whichever kind they are; null when nobody is signed in.
 */
export async function currentSessionContext(): Promise<{ ctx: ServiceContext; user: SessionUser; sessionId: string } | null> {
  const session = await auth();
  const user = session?.user;
  if (!user || !session.sid) return null;
  const actor =
    user.kind === "staff"
      ? ({ type: "staff", userId: user.id, email: user.email, name: user.name, role: user.role as StaffContext["user"]["role"] } as const)
      : user.customerId
        ? ({ type: "customer_user", userId: user.id, customerId: user.customerId, email: user.email, name: user.name, role: user.role as CustomerContext["user"]["role"] } as const)
        : null;
  if (!actor) return null;
  return { ctx: createContext(actor), user, sessionId: session.sid };
}
