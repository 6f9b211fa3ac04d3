import { z } from "zod";
import { postbackStatuses, type PostbackStatus } from "@/db/schema/enums";
import { postbackEvents, postbackMethods, reservedHeaderNames } from "@/lib/domain/postbacks";
import { pageInput } from "../pagination";
import { checkTemplate } from "./template";

const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, "is not a valid HTTP header name");
const headerValue = z.string().max(2000).regex(/^[^\r\n\0]*$/, "must be on one line");

export const createTriggerInput = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    events: z
      .array(z.enum(postbackEvents))
      .min(1, "choose at least one event")
      .transform((events) => [...new Set(events)]),
    url: z.url({ protocol: /^https?$/ }).max(2000).optional(),
    method: z.enum(postbackMethods).optional(),
    headers: z.record(headerName, headerValue).optional(),
    email: z.email().max(320).optional(),
    template: z.string().max(20_000).optional(),
  })
  // Zod runs this even when a field above failed, so each check looks at the type it needs.
  .superRefine((value, ctx) => {
    if (!value.url && !value.email) ctx.addIssue({ code: "custom", path: ["url"], message: "give a url or an email" });
    if (value.url && value.email) ctx.addIssue({ code: "custom", path: ["email"], message: "give either a url or an email, not both" });
    if (typeof value.url === "string" && URL.canParse(value.url)) {
      const parsed = new URL(value.url);
      if (parsed.username || parsed.password) ctx.addIssue({ code: "custom", path: ["url"], message: "must not contain credentials; send them in headers" });
    }
    const names = value.headers && typeof value.headers === "object" ? Object.keys(value.headers) : [];
    if (value.email && value.method) ctx.addIssue({ code: "custom", path: ["method"], message: "only URL triggers have a method" });
    if (value.email && names.length > 0) {
      ctx.addIssue({ code: "custom", path: ["headers"], message: "only URL triggers send headers" });
    }
    if (names.length > 20) ctx.addIssue({ code: "custom", path: ["headers"], message: "at most 20 headers" });
    for (const name of names) {
      if (reservedHeaderNames.includes(name.toLowerCase())) ctx.addIssue({ code: "custom", path: ["headers", name], message: "is set by Inkbridge" });
    }
    if (typeof value.template === "string") {
      if (value.template.trim() === "") ctx.addIssue({ code: "custom", path: ["template"], message: "is empty; leave it out for the default body" });
      for (const problem of checkTemplate(value.template)) ctx.addIssue({ code: "custom", path: ["template"], message: problem.message });
    }
  });
export type CreateTriggerInput = z.input<typeof createTriggerInput>;

export const listDeliveriesInput = pageInput.extend({
  customerId: z.string().max(100).optional(),
  status: z.enum(postbackStatuses).optional(),
  triggerId: z.string().max(100).optional(),
  eventType: z.string().max(100).optional(),
});
export type ListDeliveriesInput = z.input<typeof listDeliveriesInput>;

export type TriggerView = {
  id: string;
  customerId: string;
  name: string | null;
  events: string[];
  delivery: "url" | "email";
  url: string | null;
  method: "POST" | "PUT" | null;
  /** Header values are secret: only their names are shown. */
  headerNames: string[];
  email: string | null;
  template: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
};

export type DeliveryView = {
  id: string;
  webhookId: string;
  customerId: string;
  triggerId: string;
  trigger: { name: string | null; delivery: "url" | "email"; target: string };
  eventId: string;
  eventType: string;
  orderId: string | null;
  orderReference: string | null;
  status: PostbackStatus;
  attemptCount: number;
  nextAttemptAt: string | null;
  retryUntil: string;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type AttemptView = {
  attempt: number;
  createdAt: string;
  request: { url?: string; method?: string; headers?: Record<string, string>; to?: string; body: string };
  response: { status: number | null; body: string | null } | null;
  durationMs: number | null;
  error: string | null;
};

export type DeliveryDetailView = DeliveryView & { body: string; attempts: AttemptView[] };

export type PostbackSecretView = {
  secret: string;
  /** After a rotation the previous secret keeps signing until then. */
  previousSecretExpiresAt: string | null;
};
