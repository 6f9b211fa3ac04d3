import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));
const withPostgres = Boolean(process.env.TEST_DATABASE_URL);
const chaos = process.env.INKBRIDGE_CHAOS === "1";

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
        test: { name: "unit", include: ["**/*.test.ts"], exclude: ["**/*.db.test.ts", "**/*.chaos.test.ts", "tests/e2e/**", "node_modules/**", ".next/**"] },
      },
      {
        extends: true,
        test: {
          name: "pglite",
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
          include: ["tests/e2e/**/*.test.ts"],
          testTimeout: 120_000,
          // A server action round trip can take seconds on a busy machine; expect.poll waits 1 s by default.
          expect: { poll: { timeout: 15_000, interval: 100 } },
          globalSetup: ["tests/support/e2e-setup.ts"],
        },
      },
      ...(chaos
        ? [{ extends: true as const, test: { name: "chaos", include: ["**/*.chaos.test.ts"], testTimeout: 1_800_000, fileParallelism: false, globalSetup: ["tests/support/e2e-setup.ts"] } }]
        : []),
    ],
  },
});
