// A small placeholder language for postback bodies: `{{order.referenceId}}` inserts a value as
// text, `{{json order}}` inserts it as JSON (strings quoted and escaped). No logic, no loops, so
// a template can neither run code nor loop forever.

export const templateRoots = ["event", "order", "customer", "shipment", "shipments", "items", "body"] as const;

const tagPattern = /\{\{([^{}]*)\}\}/g;
const expressionPattern = /^\s*(json\s+)?([A-Za-z_]\w*(?:\.\w+)*)\s*$/;

export type TemplateProblem = { message: string };

/** Problems with a template, or an empty list when it renders. */
export function checkTemplate(template: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const stripped = template.replace(tagPattern, (_match, inner: string) => {
    const parsed = expressionPattern.exec(inner);
    if (!parsed) {
      problems.push({ message: `{{${inner}}} is not a placeholder: use {{path}} or {{json path}}` });
      return "";
    }
    const root = parsed[2]!.split(".")[0]!;
    if (!(templateRoots as readonly string[]).includes(root)) {
      problems.push({ message: `{{${inner.trim()}}}: unknown name ${root}; use one of ${templateRoots.join(", ")}` });
    }
    return "";
  });
  if (stripped.includes("{{") || stripped.includes("}}")) problems.push({ message: "A {{ or }} is not closed" });
  return problems;
}

function lookup(context: Record<string, unknown>, path: string): unknown {
  let current: unknown = context;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

export function renderTemplate(template: string, context: Record<string, unknown>): string {
  return template.replace(tagPattern, (match, inner: string) => {
    const parsed = expressionPattern.exec(inner);
    if (!parsed) return match;
    const value = lookup(context, parsed[2]!);
    if (parsed[1]) return JSON.stringify(value ?? null);
    if (value === undefined || value === null) return "";
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  });
}
