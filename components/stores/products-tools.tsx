"use client";
import { useState } from "react";
import type { ActionState } from "@/lib/actions";
import { ActionForm, FormText, FormTextArea } from "@/components/ui/form";
import { SelectField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { LinkableProduct } from "./variant-fix";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** Publish a catalog product to the shop: options become variants, linked at once with these files. */
export function PublishForm({ storeId, products, action }: { storeId: string; products: LinkableProduct[]; action: Action }) {
  const [productUid, setProductUid] = useState(products[0]?.productUid ?? "");
  const product = products.find((candidate) => candidate.productUid === productUid);
  if (products.length === 0) return <p className="text-sm text-slate-600">No catalog products are available to your company yet.</p>;
  return (
    <ActionForm action={action}>
      <input type="hidden" name="storeId" value={storeId} />
      <SelectField
        label="Catalog product"
        name="publish.productUid"
        value={productUid}
        onChange={(event) => setProductUid(event.target.value)}
        options={products.map((candidate) => ({ value: candidate.productUid, label: `${candidate.title} (${candidate.productUid})` }))}
      />
      <FormText label="Title in the shop" name="title" optional placeholder={product?.title} />
      <FormTextArea label="Description" name="description" optional rows={3} />
      <FormText label="Price" name="price" inputMode="decimal" placeholder="25.00" />
      <FormTextArea label="Options" name="options" optional rows={2} placeholder={"Size: S, M, L"} hint="One option per line: name, colon, values separated by commas. Each combination becomes a variant." />
      <SelectField label="Status in the shop" name="status" defaultValue="draft" options={[{ value: "draft", label: "Draft" }, { value: "active", label: "Active" }]} />
      {(product?.fileTypes ?? []).map((type) => (
        <FormText key={`${productUid}:${type}`} label={`Design file to publish for ${type}`} name={`publish.file.${type}`} type="url" placeholder="https://…/design.pdf" />
      ))}
      <SubmitButton pendingText="Publishing…">Publish to the shop</SubmitButton>
    </ActionForm>
  );
}
