"use client";
import { createContext, useActionState, useContext, useId } from "react";
import { CircleAlert, CircleCheck } from "lucide-react";
import type { ActionState } from "@/lib/actions";
import { TextField, TextAreaField, SelectField } from "./field";
import { cn } from "./cn";

const FormStateContext = createContext<ActionState>({ status: "idle" });

/**
 * A form bound to a server action: shows the action's error or success message, passes field
 * errors to the fields inside, and keeps typed values after an error.
 */
export function ActionForm({
  action,
  children,
  className,
  successMessage,
  onSuccess,
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  children: React.ReactNode | ((state: ActionState) => React.ReactNode);
  className?: string;
  successMessage?: string;
  onSuccess?: React.ReactNode;
}) {
  const [state, formAction] = useActionState(action, { status: "idle" } as ActionState);
  return (
    <FormStateContext.Provider value={state}>
      <form action={formAction} className={cn("space-y-4", className)} noValidate>
        {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
        {state.status === "success" && (state.message ?? successMessage) ? <Alert tone="success">{state.message ?? successMessage}</Alert> : null}
        {state.status === "success" && onSuccess ? onSuccess : null}
        {typeof children === "function" ? children(state) : children}
      </form>
    </FormStateContext.Provider>
  );
}

export function useFormState(): ActionState {
  return useContext(FormStateContext);
}

export function Alert({ tone, children }: { tone: "error" | "success" | "info"; children: React.ReactNode }) {
  const id = useId();
  const styles = {
    error: "bg-red-50 text-red-800 ring-red-200",
    success: "bg-emerald-50 text-emerald-800 ring-emerald-200",
    info: "bg-sky-50 text-sky-800 ring-sky-200",
  }[tone];
  const Icon = tone === "success" ? CircleCheck : CircleAlert;
  return (
    <div id={id} role={tone === "error" ? "alert" : "status"} className={cn("flex gap-2 rounded-md px-3 py-2.5 text-sm ring-1 ring-inset", styles)}>
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div className="min-w-0">{children}</div>
    </div>
  );
}

type Common = { name: string; label: string; hint?: React.ReactNode; optional?: boolean; className?: string };

export function FormText(props: Common & React.InputHTMLAttributes<HTMLInputElement>) {
  const state = useFormState();
  const keep = props.type !== "password" ? state.values?.[props.name] : undefined;
  return <TextField {...props} defaultValue={keep ?? props.defaultValue} error={state.fieldErrors?.[props.name]} />;
}

export function FormTextArea(props: Common & React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const state = useFormState();
  return <TextAreaField {...props} defaultValue={state.values?.[props.name] ?? props.defaultValue} error={state.fieldErrors?.[props.name]} />;
}

export function FormSelect(props: Common & React.SelectHTMLAttributes<HTMLSelectElement> & { options: Array<{ value: string; label: string }> }) {
  const state = useFormState();
  return <SelectField {...props} defaultValue={state.values?.[props.name] ?? props.defaultValue} error={state.fieldErrors?.[props.name]} />;
}
