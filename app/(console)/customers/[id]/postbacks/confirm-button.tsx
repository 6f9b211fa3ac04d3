"use client";
import { Button, type ButtonSize, type ButtonVariant } from "@/components/ui/button";

/** A submit button that asks before its form runs something that cannot be undone. */
export function ConfirmButton({ question, children, variant = "danger", size = "sm" }: { question: string; children: React.ReactNode; variant?: ButtonVariant; size?: ButtonSize }) {
  return (
    <Button
      type="submit"
      variant={variant}
      size={size}
      onClick={(event) => {
        if (!window.confirm(question)) event.preventDefault();
      }}
    >
      {children}
    </Button>
  );
}
