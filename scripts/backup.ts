// npm run backup -- <file>: a consistent copy of the embedded database and its keys, also while
// Inkbridge runs (the running server takes it). On PostgreSQL use pg_dump instead.
import path from "node:path";
import { ConfigError, parseEnv } from "@/lib/env";
import { LockHeldError } from "@/db/lock";
import { BackupError, takeBackup } from "@/lib/backup";

const file = process.argv[2];
if (!file) {
  process.stderr.write("Usage: npm run backup -- <file>   (for example backups/inkbridge-$(date +%F).tar.gz)\n");
  process.exit(1);
}
try {
  const env = parseEnv();
  if (env.DATABASE_URL) {
    process.stderr.write("DATABASE_URL is set: back up PostgreSQL with pg_dump (see README → Backups), and keep ENCRYPTION_KEY with it.\n");
    process.exit(1);
  }
  const started = Date.now();
  const result = await takeBackup({ dataDir: env.dataDir, file: path.resolve(file) });
  process.stdout.write(
    `Backup of ${env.dataDir} written to ${path.resolve(file)} (${(result.bytes / 1024 / 1024).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
      `${result.via === "server" ? "taken by the running server" : "no server was running"}; keys inside: ${result.keys.join(", ") || "none (set by environment)"}).\n` +
      `It holds the encryption key: store it as carefully as the data folder.\n`,
  );
} catch (error) {
  if (error instanceof ConfigError || error instanceof LockHeldError || error instanceof BackupError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
