import type { Metadata } from "next";
import Link from "next/link";
import { requireStaff } from "@/lib/auth/guards";
import { getEnv } from "@/lib/env";
import { getCustomer } from "@/lib/services/customers";
import { listLookupEntries, listLookups } from "@/lib/services/lookups";
import { listPreviewDialects } from "@/lib/services/orders/preview";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import type { LookupField } from "@/db/schema/enums";
import { previewOrderAction } from "../actions";
import { defaultSampleKeys, gelatoSample, siteflowSample, type SampleKeys } from "./samples";
import { PreviewForm } from "./preview-form";

export const metadata: Metadata = { title: "Order preview" };

export default async function OrderPreviewPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireStaff();
  const { id } = await paramsOrNotFound(params);
  const customer = await pageOrNotFound(getCustomer({ ctx, customerId: id }));
  const lookups = await listLookups({ ctx, customerId: id });
  const firstKey = async (field: LookupField) => {
    const lookup = lookups.find((candidate) => candidate.field === field);
    if (!lookup || lookup.entryCount === 0) return undefined;
    const { data } = await listLookupEntries({ ctx, lookupId: lookup.id, input: { limit: 25 } });
    // A plain code reads best in a sample; any key will do when there is none.
    return (data.find((entry) => /^[\x21-\x7e]+$/.test(entry.key)) ?? data[0])?.key;
  };
  const keys: SampleKeys = {
    product: (await firstKey("product")) ?? defaultSampleKeys.product,
    shippingMethod: (await firstKey("shipping_method")) ?? defaultSampleKeys.shippingMethod,
    fileType: (await firstKey("file_type")) ?? defaultSampleKeys.fileType,
    country: (await firstKey("country")) ?? defaultSampleKeys.country,
  };

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">
          <Link href={`/customers/${id}/lookups`} className="hover:text-slate-800">
            Lookups
          </Link>{" "}
          /
        </p>
        <h2 className="text-lg font-semibold text-slate-900">Order preview</h2>
        <p className="mt-0.5 max-w-3xl text-sm text-slate-500">
          Paste an order as {customer.name} would send it. The preview runs it through the same translation, lookups and catalog checks as the order APIs, and shows the
          order Inkbridge would make and every problem. Nothing is stored.
        </p>
      </div>
      <PreviewForm
        customerId={id}
        action={previewOrderAction.bind(null, id)}
        dialects={listPreviewDialects()}
        samples={{ gelato: gelatoSample(keys), siteflow: siteflowSample(keys, getEnv().SITEFLOW_ACCOUNT) }}
      />
    </div>
  );
}
