// A minimal ustar writer and reader for the backup archive: regular files only, names under
// 100 bytes. Enough for `tar -tzf backup.tar.gz` to list what a backup holds.

export type TarEntry = { name: string; data: Uint8Array; mode?: number };

const block = 512;

function writeField(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value, offset, Math.min(Buffer.byteLength(value), length), "utf8");
}

function octal(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, "0") + "\0";
}

export function createTar(entries: TarEntry[], mtime = new Date()): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    if (Buffer.byteLength(entry.name) >= 100) throw new Error(`tar entry name too long: ${entry.name}`);
    const header = Buffer.alloc(block);
    writeField(header, 0, 100, entry.name);
    writeField(header, 100, 8, octal(entry.mode ?? 0o600, 8));
    writeField(header, 108, 8, octal(0, 8));
    writeField(header, 116, 8, octal(0, 8));
    writeField(header, 124, 12, octal(entry.data.byteLength, 12));
    writeField(header, 136, 12, octal(Math.floor(mtime.getTime() / 1000), 12));
    header.fill(" ", 148, 156);
    header[156] = "0".charCodeAt(0);
    writeField(header, 257, 6, "ustar\0");
    writeField(header, 263, 2, "00");
    let sum = 0;
    for (const byte of header) sum += byte;
    writeField(header, 148, 8, sum.toString(8).padStart(6, "0") + "\0 ");
    parts.push(header, Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength));
    const padding = (block - (entry.data.byteLength % block)) % block;
    if (padding) parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(block * 2));
  return Buffer.concat(parts);
}

export function readTar(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = 0;
  while (offset + block <= archive.length) {
    const header = archive.subarray(offset, offset + block);
    if (header.every((byte) => byte === 0)) break;
    const name = header.subarray(0, 100).toString("utf8").replace(/\0.*$/s, "");
    const size = parseInt(header.subarray(124, 136).toString("utf8").replace(/\0.*$/s, "").trim() || "0", 8);
    if (!name || Number.isNaN(size) || offset + block + size > archive.length) throw new Error("not a complete tar archive");
    files.set(name, archive.subarray(offset + block, offset + block + size));
    offset += block + Math.ceil(size / block) * block;
  }
  return files;
}
