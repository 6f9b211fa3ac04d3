import { z } from "zod";
import { lookupFields } from "@/db/schema/enums";

export const lookupEntry = z.object({
  key: z.string().trim().min(1, "a key cannot be empty").max(500),
  value: z.string().trim().min(1, "a value cannot be empty").max(500),
});

/** The most entries one lookup holds. */
export const maxLookupEntries = 100_000;

export const lookupEntries = z
  .array(lookupEntry)
  .max(maxLookupEntries)
  .superRefine((entries, context) => {
    const seen = new Map<string, number>();
    entries.forEach((entry, index) => {
      const first = seen.get(entry.key);
      if (first !== undefined) context.addIssue({ code: "custom", path: [index, "key"], message: `duplicate key “${entry.key}” (first at entry ${first + 1})` });
      else seen.set(entry.key, index);
    });
  });

export const createLookupInput = z.object({
  name: z.string().trim().min(1).max(100),
  field: z.enum(lookupFields),
  description: z.string().trim().max(1000).nullish(),
  strict: z.boolean().default(false),
  defaultValue: z.string().trim().max(500).nullish(),
  entries: lookupEntries.default([]),
});

export const updateLookupInput = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  description: z.string().trim().max(1000).nullish(),
  strict: z.boolean().optional(),
  defaultValue: z.string().trim().max(500).nullish(),
});

export type LookupView = {
  id: string;
  customerId: string;
  name: string;
  field: (typeof lookupFields)[number];
  description: string | null;
  strict: boolean;
  defaultValue: string | null;
  entryCount: number;
  createdAt: string;
  updatedAt: string;
};
