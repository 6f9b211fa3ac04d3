import { z } from "zod";
import { staffRoles } from "@/db/schema/enums";

export const inviteStaffInput = z.object({
  email: z.email().trim().toLowerCase().max(254),
  name: z.string().trim().min(1).max(200),
  role: z.enum(staffRoles),
});

export type StaffView = {
  id: string;
  email: string;
  name: string;
  role: "admin" | "operator";
  status: "invited" | "active" | "disabled";
  invitedAt: string | null;
  lastSignInAt: string | null;
  createdAt: string;
};
