// Plain-text and HTML bodies from one description, so every mail reads well in both.
export type MailContent = {
  preheader?: string;
  greeting?: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  afterAction?: string[];
  footer?: string;
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);
}

export function renderText(content: MailContent): string {
  const lines: string[] = [];
  if (content.greeting) lines.push(content.greeting, "");
  for (const paragraph of content.paragraphs) lines.push(paragraph, "");
  if (content.action) lines.push(`${content.action.label}:`, content.action.url, "");
  for (const paragraph of content.afterAction ?? []) lines.push(paragraph, "");
  if (content.footer) lines.push("--", content.footer);
  return lines.join("\n").trimEnd() + "\n";
}

export function renderHtml(content: MailContent, brand: string): string {
  const paragraph = (text: string) =>
    `<p style="margin:0 0 16px;font-size:15px;line-height:24px;color:#1f2937">${escapeHtml(text)}</p>`;
  const action = content.action
    ? `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 24px"><tr><td style="border-radius:8px;background:#4f46e5">
<a href="${escapeHtml(content.action.url)}" style="display:inline-block;padding:12px 22px;font-size:15px;font-weight:600;color:#ffffff;text-decoration:none">${escapeHtml(content.action.label)}</a>
</td></tr></table>
<p style="margin:0 0 16px;font-size:13px;line-height:20px;color:#6b7280">If the button does not work, paste this address into your browser:<br><a href="${escapeHtml(content.action.url)}" style="color:#4f46e5;word-break:break-all">${escapeHtml(content.action.url)}</a></p>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(brand)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif">
${content.preheader ? `<div style="display:none;max-height:0;overflow:hidden">${escapeHtml(content.preheader)}</div>` : ""}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;padding:32px 12px"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:12px;padding:32px">
<tr><td style="padding-bottom:24px;font-size:18px;font-weight:700;color:#111827">${escapeHtml(brand)}</td></tr>
<tr><td>
${content.greeting ? paragraph(content.greeting) : ""}
${content.paragraphs.map(paragraph).join("\n")}
${action}
${(content.afterAction ?? []).map(paragraph).join("\n")}
</td></tr>
${content.footer ? `<tr><td style="padding-top:16px;border-top:1px solid #e5e7eb;font-size:12px;line-height:18px;color:#6b7280">${escapeHtml(content.footer)}</td></tr>` : ""}
</table></td></tr></table></body></html>`;
}
