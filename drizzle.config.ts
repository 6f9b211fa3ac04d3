import { defineConfig } from "drizzle-kit";

// Only `npm run db:generate` uses this file; the server applies migrations itself at start.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: "snake_case",
});
