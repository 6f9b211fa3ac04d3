import "server-only";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";

/** Awaits a service call for a page; a not-found service error becomes the 404 page. */
export async function pageOrNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}
