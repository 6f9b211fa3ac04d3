import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

export const ADMIN_API_VERSION = "2026-10";

export type AdminSchema = { schema: GraphQLSchema; buildMs: number };

let cached: AdminSchema | undefined;

// Shopify's own introspection result for Admin API 2026-10 (see README.md for its source), built once per process.
export function getAdminSchema(): AdminSchema {
  if (cached) return cached;
  const started = performance.now();
  const file = fileURLToPath(new URL("./admin-2026-10.introspection.json.gz", import.meta.url));
  const parsed = JSON.parse(gunzipSync(readFileSync(file)).toString("utf8")) as { data: IntrospectionQuery };
  const schema = buildClientSchema(parsed.data, { assumeValid: true });
  cached = { schema, buildMs: Math.round(performance.now() - started) };
  return cached;
}
