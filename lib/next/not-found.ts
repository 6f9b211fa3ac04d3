import "server-only";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { isSafeRouteValue } from "@/lib/route-params";

/** Awaits a service call for a page; a not-found service error becomes the 404 page. */
export async function pageOrNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}

/** The route's dynamic segments, or the 404 page when one could not be an id (control characters, over-long). */
export async function paramsOrNotFound<T extends Record<string, string>>(params: Promise<T>): Promise<T> {
  const values = await params;
  if (!Object.values(values).every((value) => isSafeRouteValue(value))) notFound();
  return values;
}
