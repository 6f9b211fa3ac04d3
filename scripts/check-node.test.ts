import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const semver = createRequire(import.meta.url)("semver") as { satisfies(version: string, range: string): boolean; minVersion(range: string): { version: string } };
const engines = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { engines: { node: string } }).engines.node;
const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8")) as {
  packages: Record<string, { optional?: boolean; engines?: { node?: string } | string[] }>;
};

function check(version: string) {
  return spawnSync(process.execPath, [path.join(root, "scripts/check-node.mjs"), "--version", version], { encoding: "utf8" });
}

describe("supported Node.js versions", () => {
  // The lowest release of each major the range allows: a fresh install there must print no EBADENGINE.
  const lowest = engines.split("||").map((term) => semver.minVersion(term.trim()).version);

  it.each(lowest)("every installed package accepts Node %s", (version) => {
    const refusing = Object.entries(lock.packages)
      .filter(([name, entry]) => name !== "" && !entry.optional && !Array.isArray(entry.engines) && entry.engines?.node)
      .filter(([, entry]) => !semver.satisfies(version, (entry.engines as { node: string }).node))
      .map(([name, entry]) => `${name} (${(entry.engines as { node: string }).node})`);
    expect(refusing).toEqual([]);
  });

  it("scripts/check-node.mjs agrees with semver on the engines range", () => {
    for (const version of ["v20.18.3", "v20.19.0", "v20.20.2", "v21.7.3", "v22.12.0", "v22.13.0", "v23.11.0", "v24.0.0", "v26.1.0"]) {
      expect({ version, ok: check(version).status === 0 }).toEqual({ version, ok: semver.satisfies(version, engines) });
    }
  });

  it("the README and CI name the same versions", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    expect(engines).toBe("^20.19.0 || ^22.13.0 || >=24");
    expect(readme).toContain("Node.js 20.19 or a later 20.x, 22.13 or a later 22.x, or 24 and later");
    expect(readFileSync(path.join(root, ".ci/run"), "utf8")).toContain("node scripts/check-node.mjs");
  });
});
