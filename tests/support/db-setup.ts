import { prepareTemplates } from "@/db/test-db";

// Builds the migrated template databases once per test run.
export default async function setup(): Promise<void> {
  await prepareTemplates(process.env.TEST_DATABASE_URL);
}
