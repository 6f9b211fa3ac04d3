import type { JobDefinition, JobName } from "./types";
import { mailSendJob } from "./mail-send";
import { maintenanceCleanupJob } from "./maintenance-cleanup";
import { orderProcessJob } from "./order-process";
import { orderNotifyJob } from "./order-notify";
import { postbackDeliverJob } from "./postback-deliver";
import { storeWebhookJob } from "./store-webhook";
import { storeReconcileJob } from "./store-reconcile";
import { storeFulfilJob } from "./store-fulfil";
import { storeSyncProductsJob } from "./store-sync-products";
import { storeAlertsJob } from "./store-alerts";

// Every queue the worker runs, keyed by name: a queue without a definition fails to compile.
const registry: { [N in JobName]: JobDefinition<N> } = {
  "mail.send": mailSendJob,
  "maintenance.cleanup": maintenanceCleanupJob,
  "order.process": orderProcessJob,
  "order.notify": orderNotifyJob,
  "postback.deliver": postbackDeliverJob,
  "store.webhook": storeWebhookJob,
  "store.reconcile": storeReconcileJob,
  "store.fulfil": storeFulfilJob,
  "store.sync-products": storeSyncProductsJob,
  "store.alerts": storeAlertsJob,
};

export const jobDefinitions = Object.values(registry) as JobDefinition[];
