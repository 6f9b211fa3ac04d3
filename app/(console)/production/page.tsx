import type { Metadata } from "next";
import { Factory } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Production" };

export default async function ProductionPage() {
  await requireStaff();
  return (
    <>
      <PageHeader title="Production" description="Orders ready to print, in production, printed and shipped." />
      <Card>
        <EmptyState icon={Factory} title="Nothing to produce">
          Orders that pass their checks appear here, ready to start production.
        </EmptyState>
      </Card>
    </>
  );
}
