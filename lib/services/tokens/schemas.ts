import { z } from "zod";
import { tokenScopes } from "@/db/schema/enums";

export const createTokenInput = z.object({
  name: z.string().trim().min(1).max(100),
  scope: z.enum(tokenScopes).default("admin"),
});

export type TokenView = {
  id: string;
  name: string;
  scope: (typeof tokenScopes)[number];
  prefix: string;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};
