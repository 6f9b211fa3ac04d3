// npm start: take the data-dir lock, build the web app when the build is missing or older than
// the sources, then run server.ts in this same process (one pid holds the lock throughout).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";
import { buildIfNeeded } from "./build-if-needed.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
register();

const dev = process.argv.includes("--dev");
const { parseEnv, setEnv, ConfigError } = await import("../lib/env.ts");
const { acquireDataDirLock, LockHeldError } = await import("../db/lock.ts");

try {
  const env = parseEnv();
  setEnv(env);
  if (!env.DATABASE_URL) acquireDataDirLock(env.dataDir);
} catch (error) {
  if (error instanceof ConfigError || error instanceof LockHeldError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

if (!dev) buildIfNeeded(root);

const { main } = await import("../server.ts");
await main({ dev });
