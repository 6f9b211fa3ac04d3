import { z } from "zod";

// Plain-language validation messages, shown next to console fields and in API error details
// ("is required", "must be at most 200 characters") instead of zod's technical defaults.
// Messages a schema sets itself still win.

type Issue = z.core.$ZodRawIssue;

function describeType(expected: string): string {
  switch (expected) {
    case "string":
      return "text";
    case "number":
    case "int":
      return "a number";
    case "boolean":
      return "true or false";
    case "array":
      return "a list";
    case "object":
      return "an object";
    default:
      return expected;
  }
}

export function plainMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined || issue.input === null ? "is required" : `must be ${describeType(String(issue.expected))}`;
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? "is required" : `must be at least ${issue.minimum} characters`;
      if (issue.origin === "array" || issue.origin === "set") return Number(issue.minimum) <= 1 ? "needs at least one entry" : `needs at least ${issue.minimum} entries`;
      return `must be at least ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "string") return `must be at most ${issue.maximum} characters`;
      if (issue.origin === "array" || issue.origin === "set") return `may have at most ${issue.maximum} entries`;
      return `must be at most ${issue.maximum}`;
    case "invalid_format":
      if (issue.format === "email") return "must be an email address";
      if (issue.format === "url") return "must be a URL (https://…)";
      if (issue.format === "regex") return undefined;
      return `must be a valid ${issue.format}`;
    case "invalid_value":
      return `must be one of: ${issue.values.map((value) => String(value)).join(", ")}`;
    case "unrecognized_keys":
      return `unknown field${issue.keys.length === 1 ? "" : "s"}: ${issue.keys.join(", ")}`;
    case "not_multiple_of":
      return `must be a multiple of ${issue.divisor}`;
    default:
      return undefined;
  }
}

let installed = false;

/** Installs the messages once per process (both the Fastify and the Next side call this). */
export function installValidationMessages(): void {
  if (installed) return;
  installed = true;
  z.config({ customError: (issue) => plainMessage(issue) });
}

installValidationMessages();
