/** A timestamp shown as a readable UTC date, with the ISO value on hover. */
export function Time({ value, withTime = true }: { value: string | Date | null | undefined; withTime?: boolean }) {
  if (!value) return <span className="text-slate-400">—</span>;
  const date = typeof value === "string" ? new Date(value) : value;
  const text = date.toLocaleString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    ...(withTime ? { hour: "2-digit", minute: "2-digit" } : {}),
    timeZone: "UTC",
  });
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()} className="whitespace-nowrap">
      {text}
      {withTime ? " UTC" : ""}
    </time>
  );
}

/** "3 minutes ago" style, for last-used and activity columns. */
export function relativeTime(value: string | Date, now = Date.now()): string {
  const seconds = Math.round((now - new Date(value).getTime()) / 1000);
  const units: Array<[number, Intl.RelativeTimeFormatUnit]> = [
    [60, "second"],
    [60, "minute"],
    [24, "hour"],
    [30, "day"],
    [12, "month"],
    [Infinity, "year"],
  ];
  let amount = seconds;
  for (const [size, unit] of units) {
    if (Math.abs(amount) < size) return new Intl.RelativeTimeFormat("en", { numeric: "auto" }).format(-amount, unit);
    amount = Math.round(amount / size);
  }
  return "";
}
