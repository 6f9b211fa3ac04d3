import { asc, eq } from "drizzle-orm";
import { users } from "@/db/schema";
import type { ServiceContext } from "../context";
import { authorize } from "../permissions";
import type { StaffView } from "./schemas";
import { toStaffView } from "./view";

export async function listStaff({ ctx }: { ctx: ServiceContext }): Promise<StaffView[]> {
  authorize(ctx, "staff:manage");
  const rows = await ctx.db.select().from(users).where(eq(users.kind, "staff")).orderBy(asc(users.createdAt));
  return rows.map(toStaffView);
}
