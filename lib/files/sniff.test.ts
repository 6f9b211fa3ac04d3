import { describe, expect, it } from "vitest";
import { declaredType, fileNameOfDisposition, sniffFileType, typeFromFileName } from "./sniff";

const bytes = (...values: number[]) => new Uint8Array(values);

describe("sniffFileType", () => {
  it.each([
    ["pdf", Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj")],
    ["pdf", Buffer.from("\r\n  %PDF-1.4 after some junk")],
    ["png", bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0)],
    ["jpeg", bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10)],
    ["tiff", bytes(0x49, 0x49, 0x2a, 0x00, 8, 0)],
    ["tiff", bytes(0x4d, 0x4d, 0x00, 0x2a, 0, 8)],
    ["svg", Buffer.from('<?xml version="1.0"?>\n<!-- art -->\n<svg xmlns="http://www.w3.org/2000/svg"></svg>')],
    ["svg", Buffer.from('\uFEFF  <svg viewBox="0 0 10 10"/>')],
  ])("recognises %s", (type, content) => {
    expect(sniffFileType(content)).toBe(type);
  });

  it.each([
    ["HTML", Buffer.from("<!doctype html><html><body><svg></svg></body></html>")],
    ["GIF", Buffer.from("GIF89a....")],
    ["text", Buffer.from("hello, world")],
    ["ZIP", bytes(0x50, 0x4b, 0x03, 0x04)],
    ["nothing", bytes()],
  ])("refuses %s", (_name, content) => {
    expect(sniffFileType(content)).toBeUndefined();
  });
});

describe("declared types", () => {
  it("reads Content-Type headers", () => {
    expect(declaredType("application/pdf; charset=binary")).toEqual({ kind: "type", type: "pdf" });
    expect(declaredType("IMAGE/JPG")).toEqual({ kind: "type", type: "jpeg" });
    expect(declaredType(undefined)).toEqual({ kind: "generic" });
    expect(declaredType("application/octet-stream")).toEqual({ kind: "generic" });
    expect(declaredType("text/xml")).toEqual({ kind: "xml" });
    expect(declaredType("text/html")).toEqual({ kind: "other", contentType: "text/html" });
  });

  it("reads file names", () => {
    expect(typeFromFileName("poster.PDF")).toBe("pdf");
    expect(typeFromFileName("photo.jpe")).toBe("jpeg");
    expect(typeFromFileName("render.php")).toBeUndefined();
    expect(typeFromFileName("noextension")).toBeUndefined();
    expect(fileNameOfDisposition('attachment; filename="front side.png"')).toBe("front side.png");
    expect(fileNameOfDisposition("attachment; filename*=UTF-8''%C3%A9t%C3%A9.tif")).toBe("été.tif");
    expect(fileNameOfDisposition("inline")).toBeUndefined();
  });
});
