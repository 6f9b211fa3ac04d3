import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { orderChannels, orderStatuses } from "@/db/schema/enums";
import { contextFor } from "../../plugins/request-context";
import { splitAction } from "../../plugins/actions";
import { approveOrder, changeOrderStatus, changeStatusInput, getOrder, listOrders, reprocessOrder } from "@/lib/services/orders";
import { actionParams, idParams, listQuery } from "../schemas";
import { routeText } from "@/lib/route-params";

export const orderRoutes: FastifyPluginAsyncZod = async (app) => {
  // GET /api/admin/v1/orders – every order (?customerId=&status=&channel=&q=)
  app.get(
    "/orders",
    {
      schema: {
        tags: ["Orders"],
        summary: "List orders",
        querystring: listQuery.extend({
          customerId: routeText(100).optional(),
          status: z.enum(orderStatuses).optional(),
          channel: z.enum(orderChannels).optional(),
          q: routeText(200).optional(),
        }),
      },
    },
    async (request) => listOrders({ ctx: contextFor(request), input: request.query }),
  );

  // GET /api/admin/v1/orders/:id – one order with items, shipments and events
  app.get("/orders/:id", { schema: { tags: ["Orders"], summary: "Get an order", params: idParams } }, async (request) =>
    getOrder({ ctx: contextFor(request), orderId: request.params.id }),
  );

  // POST /api/admin/v1/orders/:id/status – a production status update (409 when not allowed)
  app.post(
    "/orders/:id/status",
    { schema: { tags: ["Orders"], summary: "Change an order's status", params: idParams, body: changeStatusInput } },
    async (request) => changeOrderStatus({ ctx: contextFor(request), orderId: request.params.id, input: request.body }),
  );

  // POST /api/admin/v1/orders/{id}:reprocess – run processing again for a failed or not connected order
  // POST /api/admin/v1/orders/{id}:approve – an order on hold awaiting approval goes on to production
  app.post(
    "/orders/:target",
    { schema: { tags: ["Orders"], summary: "Reprocess ({id}:reprocess) or approve ({id}:approve) an order", params: actionParams } },
    async (request, reply) => {
      const { id, action } = splitAction(request.params.target, ["reprocess", "approve"]);
      if (action === "approve") return approveOrder({ ctx: contextFor(request), orderId: id });
      return reply.status(202).send(await reprocessOrder({ ctx: contextFor(request), orderId: id }));
    },
  );
};
