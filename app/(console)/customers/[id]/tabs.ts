// The sections of a customer's page, in order. Each is a route under /customers/[id].
export const customerTabs: Array<{ segment: string; label: string }> = [
  { segment: "", label: "Overview" },
  { segment: "lookups", label: "Lookups" },
];
