/** Where a scope's order APIs live: one customer's tab, or the page of shared connectors. */
export function orderApisPath(customerId: string | null): string {
  return customerId ? `/customers/${customerId}/order-apis` : "/customers/shared-order-apis";
}

export const connectorTypeLabels = { gelato: "Gelato API", siteflow: "SiteFlow API" } as const;
