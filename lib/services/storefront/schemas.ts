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
};

export type StorefrontAccessView = {
  customerId: string;
  enabled: boolean;
  enabledAt: string | null;
  users: CustomerUserView[];
};
