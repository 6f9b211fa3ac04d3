import type { Metadata } from "next";
import { Truck } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { listShippingMethods } from "@/lib/services/catalog";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, THead, Th, TBody, Td } from "@/components/ui/table";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Alert } from "@/components/ui/form";
import { Time } from "@/components/ui/time";
import { CatalogHeader } from "../catalog-header";
import { deleteShippingMethodAction } from "../actions";
import { ShippingMethodForm } from "./shipping-method-form";

export const metadata: Metadata = { title: "Shipping methods" };

export default async function ShippingMethodsPage() {
  const ctx = await requireStaff();
  const methods = await listShippingMethods({ ctx });
  return (
    <>
      <CatalogHeader />
      <div className="grid gap-6 xl:grid-cols-3">
        <Card className="xl:col-span-2">
          <CardHeader
            title="Shipping methods"
            description="The methods orders may ask for: Gelato shipmentMethodUid, SiteFlow carrier alias, or what a customer's shipping lookup maps to."
          />
          {methods.length === 0 ? (
            <EmptyState icon={Truck} title="No shipping methods listed">
              While this list is empty, any shipping method an order names passes through unchanged. Add the methods you offer and orders must then use one of
              them, directly or through a customer&apos;s shipping-method lookup.
            </EmptyState>
          ) : (
            <>
              <div className="border-b border-slate-100 px-5 py-3">
                <Alert tone="info">Orders must use one of these {methods.length === 1 ? "method" : `${methods.length} methods`}; any other is refused. Remove them all to let every method pass through again.</Alert>
              </div>
              <Table>
                <THead>
                  <Th>Method</Th>
                  <Th>Added</Th>
                  <Th className="text-right">
                    <span className="sr-only">Actions</span>
                  </Th>
                </THead>
                <TBody>
                  {methods.map((method) => (
                    <tr key={method.id}>
                      <Td>
                        <div className="font-medium text-slate-900">{method.name}</div>
                        <div className="font-mono text-xs text-slate-500">{method.uid}</div>
                      </Td>
                      <Td className="text-slate-500">
                        <Time value={method.createdAt} withTime={false} />
                      </Td>
                      <Td className="text-right">
                        <div className="ml-auto flex max-w-72 justify-end">
                          <ConfirmButton
                            action={deleteShippingMethodAction}
                            fields={{ shippingMethodId: method.id }}
                            size="sm"
                            question={
                              <>
                                Remove <span className="font-mono">{method.uid}</span>? Orders that name it will be refused
                                {methods.length === 1 ? " only until the list is empty again: then every method passes." : "."}
                              </>
                            }
                            confirmLabel="Remove"
                            pendingText="Removing…"
                          >
                            Remove
                          </ConfirmButton>
                        </div>
                      </Td>
                    </tr>
                  ))}
                </TBody>
              </Table>
            </>
          )}
        </Card>
        <Card>
          <CardHeader title="Add a shipping method" />
          <CardBody>
            <ShippingMethodForm />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
