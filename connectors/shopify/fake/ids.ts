// Shopify global ids: gid://shopify/{Type}/{numeric id}.
export function toGid(type: string, id: number): string {
  return `gid://shopify/${type}/${id}`;
}

export function parseGid(value: string): { type: string; id: number } | null {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/.exec(value);
  if (!match) return null;
  const id = Number(match[2]);
  return Number.isSafeInteger(id) ? { type: match[1] as string, id } : null;
}

// Numeric ids look like Shopify's (large, increasing) and stay below Number.MAX_SAFE_INTEGER.
export class IdSequence {
  private next = 0;
  constructor(private readonly base: number) {}
  take(): number {
    this.next += 1;
    return this.base + this.next;
  }
}
