import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { contextFor } from "../../plugins/request-context";
import { splitAction } from "../../plugins/actions";
import { listFailedJobs, retryJob } from "@/lib/services/jobs/failed";
import { actionParams } from "../schemas";
import { routeText } from "@/lib/route-params";

export const jobRoutes: FastifyPluginAsyncZod = async (app) => {
  // GET /api/admin/v1/jobs?state=failed – jobs that used up their retries
  app.get(
    "/jobs",
    { schema: { tags: ["Jobs"], summary: "List failed jobs", querystring: z.object({ state: z.literal("failed").default("failed"), queue: routeText(100).optional() }) } },
    async (request) => ({ data: await listFailedJobs({ ctx: contextFor(request), input: { queue: request.query.queue } }), nextCursor: null }),
  );

  // POST /api/admin/v1/jobs/{id}:retry – run a failed job again
  app.post("/jobs/:target", { schema: { tags: ["Jobs"], summary: "Retry a failed job ({id}:retry)", params: actionParams } }, async (request, reply) => {
    const { id } = splitAction(request.params.target, ["retry"]);
    await retryJob({ ctx: contextFor(request), jobId: id });
    return reply.status(202).send({ id, status: "retry" });
  });
};
