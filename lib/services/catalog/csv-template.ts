import { stringify } from "csv-stringify/sync";

// The columns importProductsCsv reads, with two example rows that import cleanly.
export const productCsvColumns = [
  { name: "productUid", description: "Required. Your product's unique id; an existing one is updated." },
  { name: "title", description: "Required. The name staff and customers see." },
  { name: "description", description: "Optional." },
  { name: "fileTypes", description: "Print areas separated by |, e.g. front|back. Empty means default." },
  { name: "active", description: "true or false. Empty means true." },
  { name: "option:<name>", description: "One column per option, e.g. option:size. Empty cells are left out." },
] as const;

export function productCsvTemplate(): string {
  return stringify(
    [
      ["productUid", "title", "description", "fileTypes", "active", "option:size", "option:paper"],
      ["poster-a3-matte", "Poster A3 matte", "A3 poster on 200 g matte paper", "default", "true", "A3", "matte-200"],
      ["tshirt-classic-m-white", "Classic T-shirt M white", "", "front|back", "true", "M", ""],
    ],
    { record_delimiter: "\n" },
  );
}
