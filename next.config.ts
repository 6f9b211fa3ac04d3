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
  // The edge caps each route's body (api/plugins/body-limit.ts: forms 64 KB, imports 20 MB) and
  // answers 413; Next's own caps, which would answer 500 or cut the body short, sit above the
  // largest of them (the proxy that sets the page policy buffers bodies up to its own limit).
  experimental: { serverActions: { bodySizeLimit: "21mb" }, proxyClientMaxBodySize: "21mb" },
};

export default config;
