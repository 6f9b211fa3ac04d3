// Checks that this Node.js satisfies package.json `engines.node` before anything is installed
// (CI runs it first). Understands the forms engines uses here: `^x.y.z`, `>=x[.y[.z]]`, joined by `||`.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

function parts(version) {
  const [major = 0, minor = 0, patch = 0] = version.replace(/^v/, "").split(".").map((part) => Number.parseInt(part, 10) || 0);
  return [major, minor, patch];
}

function compare(a, b) {
  for (let index = 0; index < 3; index += 1) if (a[index] !== b[index]) return a[index] - b[index];
  return 0;
}

/** Whether `version` (e.g. "v20.20.2") satisfies `range` (e.g. "^20.19.0 || ^22.13.0 || >=24"). */
export function satisfiesNodeRange(version, range) {
  const current = parts(version);
  return range.split("||").some((alternative) => {
    const term = alternative.trim();
    if (term.startsWith("^")) {
      const low = parts(term.slice(1));
      return current[0] === low[0] && compare(current, low) >= 0;
    }
    if (term.startsWith(">=")) return compare(current, parts(term.slice(2).trim())) >= 0;
    throw new Error(`engines.node: cannot read "${term}"`);
  });
}

export function readEnginesRange(root) {
  return JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).engines.node;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // `--version vX.Y.Z` checks another version (the tests use it).
  const asked = process.argv.indexOf("--version");
  const version = asked > 0 ? process.argv[asked + 1] : process.version;
  const range = readEnginesRange(path.resolve(path.dirname(fileURLToPath(import.meta.url)), ".."));
  if (!satisfiesNodeRange(version, range)) {
    process.stderr.write(`Inkbridge needs Node.js ${range}; this is ${version}.\n`);
    process.exit(1);
  }
  process.stdout.write(`Node.js ${version} satisfies ${range}\n`);
}
