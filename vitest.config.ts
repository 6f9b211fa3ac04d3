import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));
const withPostgres = Boolean(process.env.TEST_DATABASE_URL);
const chaos = process.env.INKBRIDGE_CHAOS === "1";
// The unit and database suites mostly wait on a database or a local server, so two files run at
// once even on two cores; the browser suites, which time pages and health probes, run one at a time.
const suiteWorkers = Number(process.env.TEST_WORKERS ?? 2);

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
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
          include: ["tests/e2e/**/*.test.ts"],
          // The scale-out storm needs PostgreSQL: without TEST_DATABASE_URL it is not part of the run at all.
          exclude: withPostgres ? [] : ["tests/e2e/scale-out.test.ts"],
          testTimeout: 120_000,
          // A server action round trip can take seconds on a busy machine; expect.poll waits 1 s by default.
          expect: { poll: { timeout: 15_000, interval: 100 } },
          globalSetup: ["tests/support/e2e-setup.ts"],
        },
      },
      ...(chaos
        ? [{ extends: true as const, test: { name: "chaos", maxWorkers: 1, sequence: { groupOrder: 2 }, include: ["**/*.chaos.test.ts"], testTimeout: 1_800_000, fileParallelism: false, globalSetup: ["tests/support/e2e-setup.ts"] } }]
        : []),
    ],
  },
});
