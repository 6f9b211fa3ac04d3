type OpenApiDocument = { paths?: Record<string, unknown>; info?: Record<string, unknown>; [key: string]: unknown };

const parts = {
  admin: { prefix: "/api/admin/v1", title: "Inkbridge partner admin API" },
  gelato: { prefix: "/api/gelato", title: "Inkbridge order API — Gelato dialect" },
  siteflow: { prefix: "/api/siteflow", title: "Inkbridge order API — SiteFlow dialect" },
} as const;

/** One surface's OpenAPI document, cut from the full one by path prefix. */
export function filteredDocument(document: OpenApiDocument, part: keyof typeof parts): OpenApiDocument {
  const { prefix, title } = parts[part];
  const paths = Object.fromEntries(Object.entries(document.paths ?? {}).filter(([path]) => path.startsWith(prefix)));
  return { ...document, info: { ...document.info, title }, paths };
}
