"use client";
import { useState } from "react";
import { Button, type ButtonSize, type ButtonVariant } from "./button";
import { SubmitButton } from "./submit-button";
import { cn } from "./cn";

/**
 * A button that asks before it acts: the first click shows what will happen with a confirm and
 * a cancel button; only the confirm submits the form to the action.
 */
export function ConfirmButton({
  action,
  children,
  question,
  confirmLabel,
  pendingText,
  fields,
  variant = "danger",
  size = "md",
  tone = "danger",
  className,
}: {
  action: (formData: FormData) => void | Promise<void>;
  children: React.ReactNode;
  question: React.ReactNode;
  confirmLabel: string;
  pendingText?: string;
  fields?: Record<string, string>;
  variant?: ButtonVariant;
  size?: ButtonSize;
  tone?: "danger" | "warning";
  className?: string;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button type="button" variant={variant} size={size} className={className} onClick={() => setAsking(true)}>
        {children}
      </Button>
    );
  }
  return (
    <form
      action={async (formData) => {
        await action(formData);
        setAsking(false);
      }}
      role="alertdialog"
      aria-label={confirmLabel}
      className={cn(
        "w-full space-y-3 rounded-md p-3 text-sm ring-1 ring-inset",
        tone === "danger" ? "bg-red-50 text-red-900 ring-red-200" : "bg-amber-50 text-amber-900 ring-amber-200",
        className,
      )}
    >
      <div>{question}</div>
      {Object.entries(fields ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="flex flex-wrap gap-2">
        <SubmitButton variant={tone === "danger" ? "danger" : "primary"} size="sm" pendingText={pendingText}>
          {confirmLabel}
        </SubmitButton>
        <Button type="button" variant="ghost" size="sm" onClick={() => setAsking(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
