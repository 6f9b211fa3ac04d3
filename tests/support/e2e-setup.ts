import path from "node:path";
import { fileURLToPath } from "node:url";
import { pgliteTemplateDir, prepareTemplates } from "@/db/test-db";
// @ts-expect-error – a plain ESM script without type declarations
import { buildIfNeeded } from "../../scripts/build-if-needed.mjs";
import { findChromium } from "./browser";

// Browser tests run the real server, so the web app must be built and Chromium present.
export default async function setup(): Promise<void> {
  findChromium();
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  (buildIfNeeded as (root: string) => boolean)(root);
  await prepareTemplates();
  // Servers on the embedded database start from a copy of this directory (tests/support/app-server.ts).
  await pgliteTemplateDir();
}
