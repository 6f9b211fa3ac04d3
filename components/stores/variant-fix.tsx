"use client";
import { useState } from "react";
import { Link2 } from "lucide-react";
import type { ActionState } from "@/lib/actions";
import { ActionForm, FormText } from "@/components/ui/form";
import { SelectField } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import { RowAction } from "@/components/storefront/row-action";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;
export type LinkableProduct = { productUid: string; title: string; fileTypes: string[] };
export type ShopLine = { externalProductId: string; externalVariantId: string | null; title: string; variantTitle: string | null; sku: string | null };

/**
 * For one unresolved shop line of a `not_connected` order: link its variant to a catalog product
 * with one design file per print area, or ignore the variant. Either runs the order again.
 */
export function VariantFix({
  orderId,
  storeId,
  line,
  products,
  actions,
}: {
  orderId: string;
  storeId: string;
  line: ShopLine;
  products: LinkableProduct[];
  actions: { link: Action; ignore: Action };
}) {
  const [open, setOpen] = useState(false);
  const [productUid, setProductUid] = useState(products[0]?.productUid ?? "");
  const product = products.find((candidate) => candidate.productUid === productUid);
  const name = [line.title, line.variantTitle].filter(Boolean).join(" – ");
  const ids = { orderId, storeId, externalProductId: line.externalProductId, externalVariantId: line.externalVariantId ?? "" };
  if (!open) {
    return (
      <div className="flex flex-wrap items-start gap-2">
        <Button type="button" size="sm" onClick={() => setOpen(true)} aria-label={`Link this variant: ${name}`}>
          <Link2 className="size-3.5" aria-hidden />
          Link this variant
        </Button>
        <RowAction action={actions.ignore} fields={ids} label="Ignore this variant" variant="ghost" pendingText="Ignoring…" accessibleLabel={`Ignore this variant: ${name}`} />
      </div>
    );
  }
  if (products.length === 0) {
    return <p className="text-sm text-slate-600">No catalog products are available to your company yet. Ask your print partner to open some for you, then link this variant.</p>;
  }
  return (
    <ActionForm action={actions.link} className="rounded-lg p-4 ring-1 ring-slate-200">
      {Object.entries(ids).map(([field, value]) => (
        <input key={field} type="hidden" name={field} value={value} />
      ))}
      <p className="text-sm text-slate-600">
        Every order of <span className="font-medium text-slate-900">{name}</span>
        {line.sku ? (
          <>
            {" "}
            (SKU <span className="font-mono text-xs">{line.sku}</span>)
          </>
        ) : null}{" "}
        will be printed as this product with these files.
      </p>
      <SelectField
        label="Product"
        name="productUid"
        value={productUid}
        onChange={(event) => setProductUid(event.target.value)}
        options={products.map((candidate) => ({ value: candidate.productUid, label: `${candidate.title} (${candidate.productUid})` }))}
      />
      {(product?.fileTypes ?? []).map((type) => (
        <FormText
          key={`${productUid}:${type}`}
          label={`Design file for ${type}`}
          name={`file.${type}`}
          type="url"
          placeholder="https://…/design.pdf"
          hint="A public https address of the print-ready file (PDF, PNG, JPEG, TIFF or SVG). It is checked before production."
        />
      ))}
      <div className="flex flex-wrap gap-2">
        <SubmitButton pendingText="Linking…">Link and process again</SubmitButton>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </ActionForm>
  );
}
