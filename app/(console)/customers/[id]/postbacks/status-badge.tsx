import type { PostbackStatus } from "@/db/schema/enums";
import { Badge, type Tone } from "@/components/ui/badge";
import { isPostbackEvent, postbackEventLabels } from "@/lib/domain/postbacks";

export const postbackStatusLabels: Record<PostbackStatus, string> = { pending: "Pending", retrying: "Retrying", succeeded: "Delivered", failed: "Failed" };
const tones: Record<PostbackStatus, Tone> = { pending: "blue", retrying: "yellow", succeeded: "green", failed: "red" };

export function PostbackStatusBadge({ status }: { status: PostbackStatus }) {
  return <Badge tone={tones[status]}>{postbackStatusLabels[status]}</Badge>;
}

/** "POST 204", "503", "no answer": the last thing the receiver said. */
export function lastAnswer(delivery: { lastStatusCode: number | null; lastError: string | null; attemptCount: number }): string {
  if (delivery.attemptCount === 0) return "Not sent yet";
  if (delivery.lastStatusCode !== null) return `HTTP ${delivery.lastStatusCode}`;
  return delivery.lastError ? "No answer" : "Sent";
}

/** An event's label; test postbacks are "Test". */
export function eventLabel(type: string): string {
  if (type === "postback.test") return "Test";
  return isPostbackEvent(type) ? postbackEventLabels[type] : type;
}
