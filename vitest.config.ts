import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));
const withPostgres = Boolean(process.env.TEST_DATABASE_URL);
const chaos = process.env.INKBRIDGE_CHAOS === "1";
// The unit and database suites mostly wait on a database or a local server, so two files run at
// once even on two cores.
const suiteWorkers = Number(process.env.TEST_WORKERS ?? 2);

// Browser files that run one at a time, after the others: the storms (each SIGKILLs and restarts
// its servers and loads them; two at once took longer than one after the other) and the files
// that time answers against a bound (three answers within 5 s through a database outage, page p95
// under 200 ms).
const aloneInE2e = [
  "tests/e2e/shopify-storm.test.ts",
  "tests/e2e/scale-out.test.ts",
  "tests/e2e/crash-storm.test.ts",
  "tests/e2e/database-outage.test.ts",
  "tests/e2e/large-import.test.ts",
];
const browserTests = {
  testTimeout: 120_000,
  // A server action round trip can take seconds on a busy machine; expect.poll waits 1 s by default.
  expect: { poll: { timeout: 15_000, interval: 100 } },
  globalSetup: ["tests/support/e2e-setup.ts"],
};

// Projects: unit (no database), the database/HTTP suites on PGlite and (with TEST_DATABASE_URL)
// on PostgreSQL, and the browser tests. `*.db.test.ts` files need a database.
export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    server: { deps: { inline: [] } },
    projects: [
      {
        extends: true,
        test: { name: "unit", maxWorkers: suiteWorkers, sequence: { groupOrder: 0 }, include: ["**/*.test.ts"], exclude: ["**/*.db.test.ts", "**/*.chaos.test.ts", "tests/e2e/**", "node_modules/**", ".next/**"] },
      },
      {
        extends: true,
        test: {
          name: "pglite",
          maxWorkers: suiteWorkers,
          sequence: { groupOrder: 0 },
          include: ["**/*.db.test.ts"],
          exclude: ["node_modules/**", ".next/**"],
          env: { TEST_DB_KIND: "pglite" },
          globalSetup: ["tests/support/db-setup.ts"],
        },
      },
      ...(withPostgres
        ? [
            {
              extends: true as const,
              test: {
                name: "postgres",
                maxWorkers: suiteWorkers,
                sequence: { groupOrder: 0 },
                include: ["**/*.db.test.ts"],
                exclude: ["node_modules/**", ".next/**"],
                env: { TEST_DB_KIND: "postgres" },
                globalSetup: ["tests/support/db-setup.ts"],
              },
            },
          ]
        : []),
      {
        extends: true,
        test: {
          name: "e2e",
          // Two browser files at once: 345 s for these files against about 460 s one at a time (two cores).
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
          include: ["tests/e2e/**/*.test.ts"],
          exclude: aloneInE2e,
          ...browserTests,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e-alone",
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
          // The scale-out storm needs PostgreSQL: without TEST_DATABASE_URL it is not part of the run at all.
          include: aloneInE2e.filter((file) => withPostgres || !file.endsWith("scale-out.test.ts")),
          ...browserTests,
        },
      },
      ...(chaos
        ? [{ extends: true as const, test: { name: "chaos", maxWorkers: 1, sequence: { groupOrder: 3 }, include: ["**/*.chaos.test.ts"], testTimeout: 1_800_000, fileParallelism: false, globalSetup: ["tests/support/e2e-setup.ts"] } }]
        : []),
    ],
  },
});
