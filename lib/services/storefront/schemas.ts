import { z } from "zod";
import { customerRoles } from "@/db/schema/enums";

const name = z.string().trim().min(1).max(100);

export const enableStorefrontInput = z.object({
  email: z.email().trim().toLowerCase().max(254),
  firstName: name,
  lastName: name,
});

export const inviteCustomerUserInput = enableStorefrontInput.extend({
  role: z.enum(customerRoles).default("member"),
});

export type StorefrontInvitation = { userId: string; email: string; invitedAt: string };

/**
 * A row of a customer's Users page: a user who has chosen a password (`active`), or a pending
 * invitation (`invited`, and `id` is the invitation's). Invitations read the same whoever the
 * address belongs to; only staff learn (`addressInUse`) that one went to an address outside the
 * customer, so it has no link.
 */
export type CustomerUserView = {
  id: string;
  customerId: string;
  email: string;
  name: string;
  firstName: string | null;
  lastName: string | null;
  role: "admin" | "member";
  /** `invited` until the user has chosen a password. */
  status: "invited" | "active";
  invitedAt: string | null;
  invitedBy: string | null;
  lastSignInAt: string | null;
  createdAt: string;
  /** When a pending invitation's link stops working; null for users. */
  expiresAt: string | null;
  /** Staff only: the invitation's address belongs to an account outside the customer. */
  addressInUse?: boolean;
};

export type StorefrontAccessView = {
  customerId: string;
  enabled: boolean;
  enabledAt: string | null;
  users: CustomerUserView[];
};
