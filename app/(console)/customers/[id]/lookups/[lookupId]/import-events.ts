// What the CSV import route streams back, one JSON object per line.
export type ImportEvent =
  | { type: "progress"; phase: "checking"; done?: number; total?: number }
  | { type: "progress"; phase: "writing"; done: number; total: number }
  | { type: "done"; count: number }
  | { type: "error"; message: string; details: Array<{ path: string; message: string }> };
