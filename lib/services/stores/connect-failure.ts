import { AppError, isAppError } from "@/lib/errors";
import type { ServiceContext } from "../context";
import { authorizeStoreChange } from "./access";
import type { StoreView } from "./schemas";

/** The reasons an OAuth-style connect names for the outcomes every platform shares. */
export type SharedConnectReasons<Reason extends string> = { taken: Reason; forbidden: Reason; unavailable: Reason; failed: Reason };

/** Builds the AppError a failed connect answers with: the HTTP code follows from the shared reasons. */
export function connectFailure<Reason extends string>(reasons: SharedConnectReasons<Reason>, reason: Reason, message: string, cause?: unknown): AppError {
  const code = reason === reasons.taken ? "conflict" : reason === reasons.forbidden ? "forbidden" : reason === reasons.unavailable ? "upstream_unavailable" : "bad_request";
  return new AppError(code, message, { reason, cause });
}

/** Store changes for this customer are allowed to the actor, or the connect fails with `forbidden`. */
export function authorizeConnect<Reason extends string>(ctx: ServiceContext, customerId: string, reasons: SharedConnectReasons<Reason>): void {
  try {
    authorizeStoreChange(ctx, customerId);
  } catch (error) {
    throw connectFailure(reasons, reasons.forbidden, "Not allowed to connect stores for this customer", error);
  }
}

/** Runs the final connect and names why it failed: shop taken, not allowed, platform down, or else. */
export async function connectOrExplain<Reason extends string>(reasons: SharedConnectReasons<Reason>, connect: () => Promise<StoreView>): Promise<StoreView> {
  try {
    return await connect();
  } catch (error) {
    if (!isAppError(error)) throw error;
    const reason =
      error.code === "conflict" ? reasons.taken : error.code === "forbidden" ? reasons.forbidden : error.code === "upstream_unavailable" ? reasons.unavailable : reasons.failed;
    throw connectFailure(reasons, reason, error.message, error);
  }
}
