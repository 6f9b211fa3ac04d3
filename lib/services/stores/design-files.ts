import { checkArtworkUrls, fetchPolicyFromEnv } from "@/lib/files";
import { getEnv } from "@/lib/env";
import type { ServiceContext } from "../context";

/** Design file URLs checked the way order files are (outbound guard, type sniffing): URL → why it cannot be used. */
export async function checkDesignFiles(ctx: Pick<ServiceContext, "db">, urls: readonly string[]): Promise<Map<string, string>> {
  const checks = await checkArtworkUrls(ctx.db, urls, { policy: fetchPolicyFromEnv(getEnv()) });
  const problems = new Map<string, string>();
  for (const [url, check] of checks) if (!check.ok) problems.set(url, check.reason);
  return problems;
}
