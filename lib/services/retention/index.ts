export { purgeExpiredPersonalData, type PurgeResult } from "./purge";
