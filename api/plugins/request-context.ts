import type { FastifyInstance, FastifyRequest } from "fastify";
import { createContext, type Actor, type ServiceContext } from "@/lib/services/context";
import { getDb } from "@/lib/runtime";

declare module "fastify" {
  interface FastifyRequest {
    actor?: Actor;
  }
}

/** The service context for this request's authenticated actor. */
export function contextFor(request: FastifyRequest, actor: Actor | undefined = request.actor): ServiceContext {
  if (!actor) throw new Error("No authenticated actor on this request");
  return createContext(actor, { db: getDb(), log: request.log, requestId: request.id });
}

export function decorateActor(app: FastifyInstance): void {
  if (!app.hasRequestDecorator("actor")) app.decorateRequest("actor", undefined);
}
