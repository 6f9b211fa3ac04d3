import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { contextFor } from "../../plugins/request-context";
import { inviteStaff, inviteStaffInput, listStaff, removeStaff } from "@/lib/services/staff";
import { idParams } from "../schemas";

export const staffRoutes: FastifyPluginAsyncZod = async (app) => {
  // GET /api/admin/v1/staff – list partner staff
  app.get("/staff", { schema: { tags: ["Staff"], summary: "List staff" } }, async (request) => {
    return { data: await listStaff({ ctx: contextFor(request) }), nextCursor: null };
  });

  // POST /api/admin/v1/staff – invite a staff member (mails a one-time link)
  app.post("/staff", { schema: { tags: ["Staff"], summary: "Invite a staff member", body: inviteStaffInput } }, async (request, reply) => {
    return reply.status(201).send(await inviteStaff({ ctx: contextFor(request), input: request.body }));
  });

  // DELETE /api/admin/v1/staff/:id – disable a staff member and end their sessions
  app.delete("/staff/:id", { schema: { tags: ["Staff"], summary: "Remove a staff member", params: idParams } }, async (request, reply) => {
    await removeStaff({ ctx: contextFor(request), userId: request.params.id });
    return reply.status(204).send();
  });
};
