import { AppError } from "@/lib/errors";

/**
 * Google-style action paths (`orders/{id}:cancel`, `jobs/{id}:retry`): the action follows the
 * last colon of the segment, so ids that contain colons still work.
 */
export function splitAction(segment: string, allowed: readonly string[]): { id: string; action: string } {
  const colon = segment.lastIndexOf(":");
  const action = colon >= 0 ? segment.slice(colon + 1) : "";
  if (colon <= 0 || !allowed.includes(action)) throw new AppError("not_found", `No route for ${segment}`);
  return { id: segment.slice(0, colon), action };
}
