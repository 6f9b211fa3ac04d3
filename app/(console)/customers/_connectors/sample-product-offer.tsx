"use client";
import { useActionState } from "react";
import { PackagePlus } from "lucide-react";
import { Alert } from "@/components/ui/form";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/actions";

/** On an empty catalog: one click adds a sample product, so the example orders something real. */
export function SampleProductOffer({ action, hasProduct }: { action: (state: ActionState, formData: FormData) => Promise<ActionState>; hasProduct: boolean }) {
  const [state, formAction, isPending] = useActionState(action, { status: "idle" } as ActionState);
  if (state.status === "success") return <Alert tone="success">{state.message}</Alert>;
  if (hasProduct) return null;
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-3 rounded-md bg-sky-50 px-3 py-2.5 text-sm text-sky-900 ring-1 ring-sky-200 ring-inset">
      <p className="min-w-0 flex-1 basis-64">
        The catalog is empty, so this example has no product to order. Add a sample product (an A4 poster) and the example is ready to run.
      </p>
      <Button type="submit" size="sm" disabled={isPending} aria-busy={isPending}>
        <PackagePlus className="size-4" aria-hidden />
        {isPending ? "Adding…" : "Add a sample product"}
      </Button>
      {state.status === "error" ? <p className="w-full text-sm text-red-700">{state.message}</p> : null}
    </form>
  );
}
