import { isDatabaseUnavailable } from "@/db/errors";
import type { Logger } from "@/lib/log";

let installed = false;

/**
 * Some libraries record outcomes without awaiting them (pg-boss completes and fails jobs that
 * way), so a database outage can surface as a rejection nobody handles. Node would end the
 * process for it; a server that rides out outages must log it and carry on instead.
 */
export function keepRunningOnUnhandledRejections(log: Logger): void {
  if (installed) return;
  installed = true;
  process.on("unhandledRejection", (reason) => {
    if (isDatabaseUnavailable(reason)) log.warn({ err: reason }, "database unreachable during a background write");
    else log.error({ err: reason }, "unhandled rejection");
  });
}
