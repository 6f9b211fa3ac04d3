import type { z } from "zod";
import { validationError } from "@/lib/errors";
import "@/lib/validation-messages";

/** Parses service input; a failure is a 422 naming each bad path. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error.issues);
  return result.data;
}
