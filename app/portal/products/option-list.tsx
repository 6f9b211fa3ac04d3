/** A product's options (`size: A4`, `paper: matte`) as label–value chips. */
export function OptionList({ options, compact }: { options: Record<string, string>; compact?: boolean }) {
  const entries = Object.entries(options);
  if (entries.length === 0) return <p className="text-xs text-slate-400">No options</p>;
  return (
    <dl className={compact ? "flex flex-wrap gap-1.5" : "flex flex-wrap gap-2"}>
      {entries.map(([name, value]) => (
        <div key={name} className="inline-flex items-center overflow-hidden rounded-md text-xs ring-1 ring-slate-200 ring-inset">
          <dt className="bg-slate-50 px-1.5 py-0.5 text-slate-500">{name}</dt>
          <dd className="px-1.5 py-0.5 font-medium text-slate-800">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
