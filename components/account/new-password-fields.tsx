import { FormText } from "@/components/ui/form";

/** A new password and its repeat, with the password rule every form states the same way. */
export function NewPasswordFields({ name, confirmLabel }: { name: string; confirmLabel: string }) {
  return (
    <>
      <FormText
        name={name}
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        hint="At least 10 characters. A short sentence is easy to remember and hard to guess."
      />
      <FormText name="confirm" label={confirmLabel} type="password" autoComplete="new-password" required />
    </>
  );
}
