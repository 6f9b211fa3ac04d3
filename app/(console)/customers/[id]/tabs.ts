// The sections of a customer's page, in order. Each is a route under /customers/[id].
export const customerTabs: Array<{ segment: string; label: string }> = [
  { segment: "", label: "Overview" },
  { segment: "storefront", label: "Storefront" },
  { segment: "catalog", label: "Catalog access" },
];
