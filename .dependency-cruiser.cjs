// The layering of ARCHITECTURE.md, checked by `npm run verify` (npm run lint:deps). Rules name
// folders, not files, so new code in a layer (connectors/<platform>/, lib/services/<entity>/) is
// held to them from its first commit.
//
//   db/  ←  lib/domain  ←  lib/services (and the rest of lib/)  ←  api/, app/   (components/ ← app/)
//                                   ↑
//                            connectors/ (may use lib/, never api/ or app/)

/** Test code may reach anywhere: factories build data through the services. */
const testCode = "(\\.test\\.tsx?$|^tests/|^bench/|/test-(fixtures|helpers)\\.ts$|^db/(factories|test-db)\\.ts$)";

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "An import cycle couples modules so neither can change (or load) alone; type-only imports count too.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "db-is-the-bottom",
      comment: "db/ (schema, client, migrations) imports nothing of ours above it: types it shares are defined in db/.",
      severity: "error",
      from: { path: "^db/", pathNot: testCode },
      to: { path: "^(lib|api|app|components|connectors|scripts)/|^server\\.ts$" },
    },
    {
      name: "domain-stays-pure",
      comment: "lib/domain (the canonical order, the status machine) uses db/ types and lib/'s own small helpers, nothing that does work.",
      severity: "error",
      from: { path: "^lib/domain/" },
      to: { path: "^lib/(?!domain/)[^/]+/|^(api|app|components|connectors)/|^server\\.ts$" },
    },
    {
      name: "lib-below-http",
      comment: "lib/ (services, jobs, domain, mail, net…) never reaches up into the HTTP layers or the UI.",
      severity: "error",
      from: { path: "^lib/", pathNot: testCode },
      to: { path: "^(api|app|components)/|^server\\.ts$" },
    },
    {
      name: "connectors-below-http",
      comment: "Shop connectors may use lib/, never api/, app/ or the UI.",
      severity: "error",
      from: { path: "^connectors/", pathNot: testCode },
      to: { path: "^(api|app|components)/|^server\\.ts$" },
    },
    {
      name: "api-and-app-apart",
      comment: "The Fastify surfaces and the Next app are peers: both call lib/services, neither imports the other.",
      severity: "error",
      from: { path: "^api/", pathNot: testCode },
      to: { path: "^(app|components)/" },
    },
    {
      name: "app-and-api-apart",
      comment: "The Next app does not import the Fastify surfaces.",
      severity: "error",
      from: { path: "^app/", pathNot: testCode },
      to: { path: "^api/" },
    },
    {
      name: "components-below-app",
      comment: "UI pieces get data and server actions as props: they never import app/ (pages, actions) or api/.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^(app|api|connectors)/|^server\\.ts$" },
    },
    {
      name: "no-database-above-services",
      comment: "api/, app/, components/ and connectors/ call services; only type imports and db/'s enums and error helpers reach db/ from there.",
      severity: "error",
      from: { path: "^(api|app|components|connectors)/", pathNot: testCode },
      to: { path: "^db/(?!schema/enums\\.ts$|errors\\.ts$)|^node_modules/(drizzle-orm|postgres|@electric-sql/pglite)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "components-call-no-services",
      comment: "Components render what they are given; they may name a service's types, not call it.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^lib/(services|jobs|auth|mail)/|^db/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "tests-stay-out-of-production",
      comment: "Production code never imports test support.",
      severity: "error",
      from: { pathNot: testCode },
      to: { path: "^tests/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|\\.next|data|test-results)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
  },
};
