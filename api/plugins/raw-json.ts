import type { FastifyInstance } from "fastify";
import secureJsonParse from "secure-json-parse";

declare module "fastify" {
  interface FastifyRequest {
    /** The exact request body, for signatures and the stored raw payload. */
    rawBody?: string;
  }
}

/**
 * JSON parsing that keeps the raw text. Prototype-poisoning keys are refused (400); an empty body
 * is accepted as "no body" because Site Flow clients send content-type JSON on GETs and cancels.
 */
export function useRawJsonParser(scope: FastifyInstance): void {
  scope.removeContentTypeParser("application/json");
  // Fastify tests the whole header, parameters included ("application/json; charset=utf-8").
  scope.addContentTypeParser(/^application\/([\w.+-]+\+)?json\s*(;.*)?$/i, { parseAs: "string" }, (request, body, done) => {
    const text = body as string;
    request.rawBody = text;
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, secureJsonParse.parse(text, undefined, { protoAction: "error", constructorAction: "error" }));
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      (failure as Error & { statusCode: number; code: string }).statusCode = 400;
      (failure as Error & { code: string }).code = "FST_ERR_CTP_INVALID_JSON_BODY";
      done(failure, undefined);
    }
  });
}
