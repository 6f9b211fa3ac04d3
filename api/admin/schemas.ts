import { z } from "zod";
import { routeId, routeText } from "@/lib/route-params";

// Shapes shared by admin routes (request parts and response documentation).
export const idParams = z.object({ id: routeId });
export const actionParams = z.object({ target: routeId.max(300) });
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: routeText(200).optional(),
});

export const errorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: "AdminError" });

export const customerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    referenceId: z.string().nullable(),
    description: z.string().nullable(),
    catalogAccess: z.enum(["all", "selected"]),
    storefront: z.object({ enabled: z.boolean(), enabledAt: z.string().nullable() }),
    deactivatedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Customer" });

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });
