const base = "http://inkbridge.invalid";

const hasControlCharacter = (value: string) => [...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);

/**
 * The path to follow after sign-in, or undefined. Judged after the URL parser has normalised it
 * (tabs and newlines dropped, backslashes read as slashes), so only a same-origin path survives.
 */
export function safeCallback(value: FormDataEntryValue | null): string | undefined {
  if (typeof value !== "string" || !value.startsWith("/") || value.includes("\\") || hasControlCharacter(value)) return undefined;
  if (!URL.canParse(value, base)) return undefined;
  const url = new URL(value, base);
  if (url.origin !== base || !url.pathname.startsWith("/") || url.pathname.startsWith("//")) return undefined;
  return url.pathname + url.search + url.hash;
}
