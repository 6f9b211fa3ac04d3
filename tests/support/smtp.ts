import { SMTPServer } from "smtp-server";

export type ReceivedMail = { to: string[]; subject: string; text: string; raw: string };

function decodeQuotedPrintable(value: string): string {
  const bytes = value
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/gi, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

function decodeHeader(value: string): string {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_match, kind: string, text: string) =>
    kind.toLowerCase() === "b" ? Buffer.from(text, "base64").toString("utf8") : decodeQuotedPrintable(text.replace(/_/g, " ")),
  );
}

function splitPart(part: string): { headers: string; body: string } {
  const index = part.search(/\r?\n\r?\n/);
  return index < 0 ? { headers: part, body: "" } : { headers: part.slice(0, index), body: part.slice(index).replace(/^\r?\n\r?\n/, "") };
}

function header(headers: string, name: string): string | undefined {
  const unfolded = headers.replace(/\r?\n[ \t]+/g, " ");
  return new RegExp(`^${name}:\\s*(.*)$`, "im").exec(unfolded)?.[1]?.trim();
}

function decodeBody(headers: string, body: string): string {
  const encoding = header(headers, "content-transfer-encoding")?.toLowerCase();
  if (encoding === "quoted-printable") return decodeQuotedPrintable(body);
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  return body;
}

/** The text/plain body of a raw message (single part or multipart). */
export function plainText(raw: string): string {
  const { headers, body } = splitPart(raw);
  const type = header(headers, "content-type") ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!boundary) return decodeBody(headers, body);
  for (const part of body.split(`--${boundary}`)) {
    const inner = splitPart(part.replace(/^\r?\n/, ""));
    const innerType = header(inner.headers, "content-type") ?? "";
    if (innerType.startsWith("text/plain")) return decodeBody(inner.headers, inner.body);
    if (innerType.startsWith("multipart/")) {
      const nested = plainText(part.replace(/^\r?\n/, ""));
      if (nested) return nested;
    }
  }
  return "";
}

export type SmtpSink = {
  port: number;
  messages: ReceivedMail[];
  /** Waits for the next mail to `to` that arrives after `after` messages to that address. */
  waitFor(to: string, options?: { after?: number; timeoutMs?: number }): Promise<ReceivedMail>;
  countTo(to: string): number;
  close(): Promise<void>;
};

/** A real SMTP server on a free local port that keeps every message it receives. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const { headers } = splitPart(raw);
        messages.push({
          to: session.envelope.rcptTo.map((address) => address.address.toLowerCase()),
          subject: decodeHeader(header(headers, "subject") ?? ""),
          text: plainText(raw),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const toAddress = (to: string) => messages.filter((message) => message.to.includes(to.toLowerCase()));
  return {
    port,
    messages,
    countTo: (to) => toAddress(to).length,
    async waitFor(to, options = {}) {
      const after = options.after ?? 0;
      const deadline = Date.now() + (options.timeoutMs ?? 30_000);
      for (;;) {
        const found = toAddress(to)[after];
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`No mail to ${to} within the time limit (got ${messages.length} in all)`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
