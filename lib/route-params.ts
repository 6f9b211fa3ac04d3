import { z } from "zod";

/** The longest id or path value any route accepts; our ids are 30 characters, references up to 200. */
export const maxRouteIdLength = 200;

// C0 controls (NUL included), DEL and C1 controls: no id, reference or search term holds them,
// and PostgreSQL refuses NUL in text outright.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/;
// Half of a surrogate pair on its own: text that cannot be written as UTF-8.
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a decoded path or query value is text a route can safely pass on to a query. */
export function isSafeRouteValue(value: string, maxLength = maxRouteIdLength): boolean {
  return value.length <= maxLength && !loneSurrogate.test(value) && !controlCharacters.test(value);
}

/** An id or reference taken from a URL path. */
export const routeId = z
  .string()
  .min(1)
  .max(maxRouteIdLength)
  .refine((value) => isSafeRouteValue(value, Infinity), "must not contain control characters");

/** Free text taken from a query string (search terms, cursors, filters). */
export const routeText = (maxLength: number) =>
  z
    .string()
    .max(maxLength)
    .refine((value) => isSafeRouteValue(value, Infinity), "must not contain control characters");
