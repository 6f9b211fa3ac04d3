import { describe, expect, it } from "vitest";
import { plainText } from "./smtp";

describe("plainText", () => {
  it("decodes the quoted-printable text part of a multipart/alternative message", () => {
    const raw = [
      "Subject: Hello",
      'Content-Type: multipart/alternative; boundary="--b1"',
      "",
      "----b1",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "Hi Ada,=0A=0Ahttps://print.example/invite/abc=",
      "def =E2=80=94 done",
      "----b1",
      "Content-Type: text/html; charset=utf-8",
      "",
      "<p>Hi</p>",
      "----b1--",
    ].join("\r\n");
    expect(plainText(raw)).toContain("Hi Ada,\n\nhttps://print.example/invite/abcdef — done");
  });
});
