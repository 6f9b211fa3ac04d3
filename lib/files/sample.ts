/** Where Inkbridge serves its own sample print file (public/), so a first test order can pass. */
export const sampleArtworkPath = "/samples/inkbridge-sample-poster.pdf";

/** The sample file's absolute URL on this installation. */
export function sampleArtworkUrl(appUrl: string): string {
  return new URL(sampleArtworkPath, appUrl).href;
}

/**
 * The one exemption from the address and scheme rules: exactly the sample file's URL on
 * APP_URL's own origin (same scheme, host, port and path, no query). Any other path, query or
 * port on that origin is checked like every other URL.
 */
export function isSampleArtworkUrl(url: string | URL, policy: { sampleArtworkUrl?: string }): boolean {
  if (!policy.sampleArtworkUrl) return false;
  let candidate: URL;
  try {
    candidate = typeof url === "string" ? new URL(url.trim()) : url;
  } catch {
    return false;
  }
  return candidate.href === new URL(policy.sampleArtworkUrl).href && !candidate.username && !candidate.password;
}
