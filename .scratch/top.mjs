import { readFileSync, readdirSync } from "node:fs";
const dir = process.argv[2];
const file = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")).map((f) => `${dir}/${f}`).map((f) => [f, readFileSync(f).length]).sort((a, b) => b[1] - a[1])[0][0];
const p = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = new Map();
p.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
let total = 0;
for (const [id, t] of dt) {
  const n = byId.get(id);
  const f = n.callFrame;
  const key = `${f.functionName || "(anon)"} ${f.url.replace(/.*node_modules\//, "nm/").replace(/.*\/work\/main\//, "")}:${f.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + t);
  total += t;
}
// inclusive by package
const pkg = new Map();
for (const [k, t] of self) {
  const m = /nm\/(@[^/]+\/[^/]+|[^/]+)/.exec(k);
  const key = m ? m[1] : k.includes("(garbage") ? "GC" : /\s(lib|api|db|server)\//.test(k) ? "app" : k.split(" ")[0].startsWith("(") ? k.split(" ")[0] : "node/other";
  pkg.set(key, (pkg.get(key) ?? 0) + t);
}
console.log("total ms", Math.round(total / 1000));
console.log([...pkg].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, t]) => `${(t / total * 100).toFixed(1)}% ${k}`).join("\n"));
console.log("---");
console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, t]) => `${(t / total * 100).toFixed(1)}% ${k}`).join("\n"));
