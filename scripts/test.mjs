// npm test: every suite (unit, database and HTTP on PGlite — and on PostgreSQL when
// TEST_DATABASE_URL is set — and the browser tests), then one closing line:
// "vitest: N passed, N failed". `--chaos` runs the long crash-storm tests instead.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const chaos = process.argv.includes("--chaos");
const extra = process.argv.slice(2).filter((arg) => arg !== "--chaos");

function findChromium() {
  return [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((candidate) => candidate && existsSync(candidate));
}

// Browser tests use Debian's Chromium; install it when we can, otherwise say how.
if (!chaos && !findChromium()) {
  const canInstall = process.getuid?.() === 0 && spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
  if (!canInstall) {
    process.stderr.write("The browser tests need Chromium. Install it with:\n  sudo apt-get install -y chromium\n");
    process.exit(1);
  }
  process.stdout.write("Installing Debian's chromium for the browser tests…\n");
  const install = spawnSync("sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium"], { stdio: "inherit" });
  if (install.status !== 0 || !findChromium()) {
    process.stderr.write("Installing chromium failed; install it with: apt-get install -y chromium\n");
    process.exit(1);
  }
}

const report = path.join(root, ".vitest.json");
rmSync(report, { force: true });
const args = ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`];
if (chaos) args.push("--project", "chaos");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...(chaos ? { INKBRIDGE_CHAOS: "1" } : {}) };
const result = spawnSync(process.execPath, [path.join(root, "node_modules/vitest/vitest.mjs"), ...args, ...extra], { stdio: "inherit", env });

let passed = 0;
let failed = 0;
if (existsSync(report)) {
  const summary = JSON.parse(readFileSync(report, "utf8"));
  passed = summary.numPassedTests ?? 0;
  // A file that fails to load (or in a hook) has no failed tests of its own; count it as one.
  const brokenFiles = (summary.testResults ?? []).filter(
    (file) => file.status === "failed" && !(file.assertionResults ?? []).some((test) => test.status === "failed"),
  ).length;
  failed = (summary.numFailedTests ?? 0) + brokenFiles;
}
if (result.status !== 0 && failed === 0) failed = 1;
process.stdout.write(`vitest: ${passed} passed, ${failed} failed\n`);
process.exit(result.status === 0 && failed === 0 ? 0 : 1);
