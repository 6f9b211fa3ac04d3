import "server-only";
import { invalidInputMessage, isAppError } from "@/lib/errors";

/** What a console or portal form action reports back to its form. */
export type ActionState = {
  status: "idle" | "success" | "error";
  message?: string;
  fieldErrors?: Record<string, string>;
  /** Submitted values, so the form keeps what the user typed after an error. */
  values?: Record<string, string>;
  /** Anything the page shows once after success (a new secret, a generated link). */
  result?: Record<string, string>;
};

export const idleState: ActionState = { status: "idle" };

/** Submitted text fields, minus passwords and Next's internal fields. */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value !== "string" || key.startsWith("$") || /password|secret|token/i.test(key)) continue;
    values[key] = value;
  }
  return values;
}

/** Text value of a form field, or undefined when it is missing or blank. */
export function field(formData: FormData, name: string): string | undefined {
  const value = formData.get(name);
  if (typeof value !== "string") return undefined;
  return value.trim() === "" ? undefined : value;
}

/**
 * Runs an action body and turns service errors into form state. Anything else (including
 * Next's redirect and notFound signals) is rethrown.
 */
export async function runAction(formData: FormData | undefined, body: () => Promise<ActionState | void>): Promise<ActionState> {
  try {
    return (await body()) ?? { status: "success" };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return {
      status: "error",
      message: error.message === invalidInputMessage ? "Check the fields marked below." : error.message,
      fieldErrors: Object.fromEntries(error.details.map((detail) => [detail.path, detail.message])),
      values: formData ? formValues(formData) : undefined,
    };
  }
}
