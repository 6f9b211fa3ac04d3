import type { JobDefinition, JobName } from "./types";
import { mailSendJob } from "./mail-send";
import { maintenanceCleanupJob } from "./maintenance-cleanup";
import { orderProcessJob } from "./order-process";

// Every queue the worker runs, keyed by name: a queue without a definition fails to compile.
const registry: { [N in JobName]: JobDefinition<N> } = {
  "mail.send": mailSendJob,
  "maintenance.cleanup": maintenanceCleanupJob,
  "order.process": orderProcessJob,
};

export const jobDefinitions = Object.values(registry) as JobDefinition[];
