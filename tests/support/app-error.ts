import { isAppError, type AppError } from "@/lib/errors";

/** Awaits a call that must fail with an AppError and returns it (anything else fails the test). */
export async function caughtAppError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error("expected the call to fail with an AppError");
}
