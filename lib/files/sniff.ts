// Recognising print files by their first bytes, and comparing that with what the server and the
// file name claim.

export const fileTypes = ["pdf", "png", "jpeg", "tiff", "svg"] as const;
export type FileType = (typeof fileTypes)[number];

export const fileTypeLabels: Record<FileType, string> = { pdf: "PDF", png: "PNG", jpeg: "JPEG", tiff: "TIFF", svg: "SVG" };
export const canonicalContentTypes: Record<FileType, string> = {
  pdf: "application/pdf",
  png: "image/png",
  jpeg: "image/jpeg",
  tiff: "image/tiff",
  svg: "image/svg+xml",
};
export const allowedTypesText = "PDF, PNG, JPEG, TIFF or SVG";

const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((byte, index) => bytes[index] === byte);

/** The file type the bytes are, or undefined when they are none of the allowed ones. */
export function sniffFileType(bytes: Uint8Array): FileType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return "tiff";
  // BigTIFF, used for very large print images.
  if (startsWith(bytes, [0x49, 0x49, 0x2b, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2b])) return "tiff";
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString("latin1");
  // PDF readers accept the header anywhere in the first KB.
  if (head.includes("%PDF-")) return "pdf";
  if (looksLikeSvg(bytes)) return "svg";
  return undefined;
}

function looksLikeSvg(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8").replace(/^\uFEFF/, "").trimStart();
  if (!text.startsWith("<")) return false;
  const svg = text.search(/<svg[\s>/:]/);
  if (svg < 0) return false;
  const html = text.search(/<(html|body|head|script)[\s>]/i);
  return html < 0 || html > svg;
}

export type DeclaredType = { kind: "type"; type: FileType } | { kind: "xml" } | { kind: "generic" } | { kind: "other"; contentType: string };

const contentTypeMap: Record<string, FileType> = {
  "application/pdf": "pdf",
  "application/x-pdf": "pdf",
  "image/png": "png",
  "image/jpeg": "jpeg",
  "image/jpg": "jpeg",
  "image/pjpeg": "jpeg",
  "image/tiff": "tiff",
  "image/tif": "tiff",
  "image/x-tiff": "tiff",
  "image/svg+xml": "svg",
};

const genericContentTypes = new Set(["", "application/octet-stream", "binary/octet-stream", "application/binary", "application/download", "application/force-download", "application/x-download"]);

/** What a Content-Type header claims. Generic types claim nothing; XML may be SVG. */
export function declaredType(header: string | undefined): DeclaredType {
  const contentType = (header ?? "").split(";")[0]!.trim().toLowerCase();
  const type = contentTypeMap[contentType];
  if (type) return { kind: "type", type };
  if (genericContentTypes.has(contentType)) return { kind: "generic" };
  if (contentType === "text/xml" || contentType === "application/xml") return { kind: "xml" };
  return { kind: "other", contentType };
}

const extensionMap: Record<string, FileType> = {
  pdf: "pdf",
  png: "png",
  jpg: "jpeg",
  jpeg: "jpeg",
  jpe: "jpeg",
  tif: "tiff",
  tiff: "tiff",
  svg: "svg",
};

/** The file type a file name's extension claims, or undefined for other or no extensions. */
export function typeFromFileName(name: string): FileType | undefined {
  const match = /\.([a-z0-9]{1,5})$/i.exec(name.trim());
  return match ? extensionMap[match[1]!.toLowerCase()] : undefined;
}

/** The last path segment of a URL, decoded. */
export function fileNameOfUrl(url: URL): string {
  const segment = url.pathname.split("/").pop() ?? "";
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The file name of a Content-Disposition header, when it gives one. */
export function fileNameOfDisposition(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*(?:[\w-]+'[^']*')?([^;]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim().replace(/^"|"$/g, ""));
    } catch {
      // fall back to the plain parameter
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
  return plain ? (plain[2] ?? plain[1]!).trim() : undefined;
}
