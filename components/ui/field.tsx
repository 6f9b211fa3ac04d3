import { cn } from "./cn";

export const inputClass =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-500 aria-invalid:ring-red-400";

type FieldProps = {
  label: string;
  name: string;
  hint?: React.ReactNode;
  error?: string;
  className?: string;
  optional?: boolean;
};

export function Field({ label, name, hint, error, className, optional, children }: FieldProps & { children: React.ReactNode }) {
  return (
    <div className={className}>
      <label htmlFor={name} className="mb-1.5 flex items-baseline justify-between text-sm font-medium text-slate-800">
        {label}
        {optional ? <span className="text-xs font-normal text-slate-400">Optional</span> : null}
      </label>
      {children}
      {error ? (
        <p id={`${name}-error`} className="mt-1.5 text-xs text-red-600">
          {error}
        </p>
      ) : hint ? (
        <p id={`${name}-hint`} className="mt-1.5 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function TextField({
  label,
  name,
  hint,
  error,
  className,
  optional,
  ...input
}: FieldProps & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field label={label} name={name} hint={hint} error={error} className={className} optional={optional}>
      <input
        id={name}
        name={name}
        className={inputClass}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${name}-error` : hint ? `${name}-hint` : undefined}
        {...input}
      />
    </Field>
  );
}

export function TextAreaField({
  label,
  name,
  hint,
  error,
  className,
  optional,
  ...input
}: FieldProps & React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Field label={label} name={name} hint={hint} error={error} className={className} optional={optional}>
      <textarea id={name} name={name} className={cn(inputClass, "min-h-24")} aria-invalid={error ? true : undefined} {...input} />
    </Field>
  );
}

export function SelectField({
  label,
  name,
  hint,
  error,
  className,
  optional,
  options,
  ...select
}: FieldProps & React.SelectHTMLAttributes<HTMLSelectElement> & { options: Array<{ value: string; label: string }> }) {
  return (
    <Field label={label} name={name} hint={hint} error={error} className={className} optional={optional}>
      <select id={name} name={name} className={cn(inputClass, "pr-8")} aria-invalid={error ? true : undefined} {...select}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
