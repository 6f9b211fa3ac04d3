// npm run restore -- <file>: restores a backup of `npm run backup` into DATA_DIR, which must be
// new or empty. Start Inkbridge on it afterwards as usual.
import path from "node:path";
import { LockHeldError } from "@/db/lock";
import { BackupError, restoreBackup } from "@/lib/backup";

const file = process.argv[2];
if (!file) {
  process.stderr.write("Usage: DATA_DIR=<empty folder> npm run restore -- <file>\n");
  process.exit(1);
}
// Only DATA_DIR matters here: the keys come from the backup, not from the environment.
const dataDir = path.resolve(process.env.DATA_DIR || "./data");
try {
  const result = await restoreBackup({ file: path.resolve(file), dataDir });
  process.stdout.write(`Restored the backup of ${result.createdAt} (Inkbridge ${result.version}) into ${dataDir}: ${result.orders} orders. Start it with DATA_DIR=${dataDir} npm start.\n`);
} catch (error) {
  if (error instanceof LockHeldError || error instanceof BackupError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
