import { describe, expect, it } from "vitest";
import { z } from "zod";
import "./validation-messages";

const messages = (schema: z.ZodType, input: unknown) => (schema.safeParse(input) as { error: z.ZodError }).error.issues.map((issue) => issue.message);

describe("validation messages", () => {
  it("say what is wrong in plain words", () => {
    expect(messages(z.object({ name: z.string().min(1) }), {})).toEqual(["is required"]);
    expect(messages(z.string().min(1), "")).toEqual(["is required"]);
    expect(messages(z.string().max(3), "abcd")).toEqual(["must be at most 3 characters"]);
    expect(messages(z.string(), 5)).toEqual(["must be text"]);
    expect(messages(z.number().int().min(1), 0)).toEqual(["must be at least 1"]);
    expect(messages(z.email(), "nope")).toEqual(["must be an email address"]);
    expect(messages(z.enum(["a", "b"]), "c")).toEqual(["must be one of: a, b"]);
  });

  it("leave messages a schema sets itself alone", () => {
    expect(messages(z.string().min(10, "needs ten"), "x")).toEqual(["needs ten"]);
  });
});
