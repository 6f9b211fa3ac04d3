import type { ActionState } from "@/lib/actions";
import { Badge, type Tone } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { VariantFix, type LinkableProduct } from "./variant-fix";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

export type VariantRow = {
  id: string;
  externalProductId: string;
  externalVariantId: string | null;
  sku: string | null;
  productTitle: string;
  variantTitle: string | null;
  state: "unlinked" | "linked" | "ignored" | "attention";
  attentionReason: string | null;
  link: { productUid: string; files: Array<{ type: string; url: string }>; wholeProduct: boolean } | null;
};

export const variantFilterLabels = { linked: "Linked", unlinked: "Not linked", attention: "Needs attention", ignored: "Ignored" } as const;
const stateTones: Record<VariantRow["state"], Tone> = { linked: "green", unlinked: "gray", attention: "yellow", ignored: "purple" };
const stateLabels: Record<VariantRow["state"], string> = { linked: "Linked", unlinked: "Not linked", attention: "Link needs attention", ignored: "Ignored" };

/** A store's variants with their link; with `actions`, each row links (again) or ignores. */
export function VariantTable({ storeId, variants, products, actions }: { storeId: string; variants: VariantRow[]; products: LinkableProduct[]; actions?: { link: Action; ignore: Action } }) {
  return (
    <Table>
      <THead>
        <Th>Product</Th>
        <Th>SKU</Th>
        <Th>State</Th>
        <Th className="min-w-72">Printed as</Th>
      </THead>
      <TBody>
        {variants.map((variant) => (
          <tr key={variant.id} data-variant-id={variant.externalVariantId ?? ""} className="align-top">
            <Td>
              <div className="font-medium text-slate-900">{variant.productTitle}</div>
              {variant.variantTitle ? <div className="text-xs text-slate-500">{variant.variantTitle}</div> : null}
              <div className="font-mono text-[11px] text-slate-400">
                {variant.externalProductId}
                {variant.externalVariantId ? ` / ${variant.externalVariantId}` : ""}
              </div>
            </Td>
            <Td className="font-mono text-xs whitespace-nowrap">{variant.sku ?? "—"}</Td>
            <Td>
              <Badge tone={stateTones[variant.state]}>{stateLabels[variant.state]}</Badge>
              {variant.state === "attention" && variant.attentionReason ? <p className="mt-1 max-w-xs text-xs text-amber-800">{variant.attentionReason}</p> : null}
            </Td>
            <Td>
              {variant.link ? (
                <div className="mb-2 text-sm">
                  <span className="font-mono text-xs">{variant.link.productUid}</span>
                  {variant.link.wholeProduct ? <span className="text-xs text-slate-500"> (whole product)</span> : null}
                  <ul className="text-xs text-slate-500">
                    {variant.link.files.map((file) => (
                      <li key={file.type} className="max-w-xs truncate">
                        {file.type}: {file.url}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {!variant.link && !actions ? <span className="text-slate-400">—</span> : null}
              {actions ? (
                <VariantFix
                  orderId=""
                  storeId={storeId}
                  line={{ externalProductId: variant.externalProductId, externalVariantId: variant.externalVariantId, title: variant.productTitle, variantTitle: variant.variantTitle, sku: variant.sku }}
                  products={products}
                  actions={actions}
                />
              ) : null}
            </Td>
          </tr>
        ))}
      </TBody>
    </Table>
  );
}
