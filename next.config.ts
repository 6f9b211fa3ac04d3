import type { NextConfig } from "next";

// Packages that hold native code, open databases or keep process-wide state are loaded
// from node_modules at run time instead of being bundled.
const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pg-boss",
    "postgres",
    "pino",
    "@node-rs/argon2",
    "nodemailer",
    "ioredis",
    "prom-client",
  ],
  typescript: { tsconfigPath: "tsconfig.json" },
  experimental: { serverActions: { bodySizeLimit: "8mb" } },
};

export default config;
