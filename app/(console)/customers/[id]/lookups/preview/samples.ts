// Sample orders to start a preview from, using one of the customer's own keys per lookup where it has one.

export type SampleKeys = { product: string; shippingMethod: string; fileType: string; country: string };

export const defaultSampleKeys: SampleKeys = { product: "POSTER-A3", shippingMethod: "express", fileType: "Content", country: "UK" };

export function gelatoSample(keys: SampleKeys): string {
  return JSON.stringify(
    {
      orderType: "order",
      orderReferenceId: "PREVIEW-1001",
      currency: "EUR",
      shipmentMethodUid: keys.shippingMethod,
      items: [
        {
          itemReferenceId: "line-1",
          productUid: keys.product,
          quantity: 2,
          files: [{ type: "default", url: "https://files.example.com/artwork/poster-a3.pdf" }],
        },
      ],
      shippingAddress: {
        firstName: "Ada",
        lastName: "Lovelace",
        addressLine1: "12 Analytical Row",
        city: "London",
        postCode: "N1 7GU",
        country: keys.country,
        email: "ada@example.com",
      },
      metadata: [{ key: "source", value: "preview" }],
    },
    null,
    2,
  );
}

export function siteflowSample(keys: SampleKeys, account: string): string {
  return JSON.stringify(
    {
      destination: { name: account },
      orderData: {
        sourceOrderId: "PREVIEW-1001",
        customerName: "Ada Lovelace",
        email: "ada@example.com",
        items: [
          {
            sourceItemId: "line-1",
            sku: keys.product,
            quantity: 2,
            components: [{ code: keys.fileType, fetch: true, path: "https://files.example.com/artwork/poster-a3.pdf" }],
          },
        ],
        shipments: [
          {
            shipTo: { name: "Ada Lovelace", address1: "12 Analytical Row", town: "London", postcode: "N1 7GU", isoCountry: keys.country, email: "ada@example.com" },
            carrier: { alias: keys.shippingMethod },
          },
        ],
      },
    },
    null,
    2,
  );
}
