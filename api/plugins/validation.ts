import type { FastifySchemaCompiler } from "fastify";
import type { z } from "zod";
import "@/lib/validation-messages";

/** A request part (body, query, params, headers) that failed its zod schema, with the issues' paths. */
export class RequestValidationError extends Error {
  readonly issues: z.core.$ZodIssue[];
  validationContext?: string;
  statusCode = 400;
  constructor(issues: z.core.$ZodIssue[]) {
    super("Request validation failed");
    this.name = "RequestValidationError";
    this.issues = issues;
  }
}

// Like fastify-type-provider-zod's compiler, but keeps each issue's full path (array indices
// included) so every dialect can name the exact field.
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    return { error: new RequestValidationError(result.error.issues) };
  };
