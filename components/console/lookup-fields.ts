import type { LookupField } from "@/db/schema/enums";

// What each lookup field translates, in the words the console shows.
export const lookupFieldInfo: Record<LookupField, { label: string; translates: string; examples: Array<[string, string]> }> = {
  product: {
    label: "Product",
    translates: "The customer's product key — a Gelato productUid or productName, a Site Flow sku, a shop SKU — to a productUid in your catalog.",
    examples: [
      ["POSTER-A3", "flat_a3_poster"],
      ["BC-STD", "cards_business_std"],
    ],
  },
  shipping_method: {
    label: "Shipping method",
    translates: "The method the customer asks for — a Gelato shipmentMethodUid, a Site Flow carrier alias or code/service, a shop's shipping title — to one of your shipping methods.",
    examples: [
      ["express", "dhl_express"],
      ["royalmail/firstclass", "royal_mail_48"],
    ],
  },
  file_type: {
    label: "File type",
    translates: "A Site Flow component code to a print area of the product (default, front, back, …).",
    examples: [
      ["Content", "default"],
      ["Cover", "front"],
    ],
  },
  country: {
    label: "Country",
    translates: "A two-letter country code the customer sends to the ISO 3166-1 code. UK becomes GB without a lookup.",
    examples: [
      ["EL", "GR"],
      ["UK", "GB"],
    ],
  },
};

export function fieldLabel(field: LookupField): string {
  return lookupFieldInfo[field].label;
}
