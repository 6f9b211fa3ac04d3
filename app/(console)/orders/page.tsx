import type { Metadata } from "next";
import { ShoppingCart } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LinkButton } from "@/components/ui/button";

export const metadata: Metadata = { title: "Orders" };

export default async function OrdersPage() {
  await requireStaff();
  return (
    <>
      <PageHeader title="Orders" description="Every order from every channel: order APIs and connected shops." />
      <Card>
        <EmptyState icon={ShoppingCart} title="No orders yet" action={<LinkButton href="/customers">Go to customers</LinkButton>}>
          Orders arrive once a customer sends them through its order API or a connected shop. Start by giving a customer an order API.
        </EmptyState>
      </Card>
    </>
  );
}
