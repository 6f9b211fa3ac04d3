// The sections of a customer's page, in order. Each is a route under /customers/[id].
export const customerTabs: Array<{ segment: string; label: string }> = [
  { segment: "", label: "Overview" },
  { segment: "order-apis", label: "Order APIs" },
  { segment: "lookups", label: "Lookups" },
  { segment: "postbacks", label: "Postbacks" },
  { segment: "storefront", label: "Storefront" },
  { segment: "stores", label: "Stores" },
  { segment: "catalog", label: "Catalog access" },
];
