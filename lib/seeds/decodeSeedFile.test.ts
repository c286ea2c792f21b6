import { describe, expect, it } from "vitest";
import { decodeSeedFile } from "./decodeSeedFile";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("decodeSeedFile", () => {
  it("decodes UTF-8, emoji and right-to-left text included", () => {
    expect(decodeSeedFile(utf8("Réponds en français.\nעברית 🙂\n"))).toEqual({
      ok: true,
      text: "Réponds en français.\nעברית 🙂\n",
    });
  });

  it("refuses Latin-1, overlong and truncated sequences, naming the line of the first bad byte", () => {
    const latin1 = Uint8Array.from([...utf8("line one\nline two\nR"), 0xe9, ...utf8("ponds\n")]);
    expect(decodeSeedFile(latin1)).toEqual({
      ok: false,
      error: {
        line: 3,
        message: expect.stringMatching(/^Not valid UTF-8 \(byte 20 of the file\)/),
      },
    });
    expect(decodeSeedFile(Uint8Array.from([0x41, 0xc0, 0xaf]))).toMatchObject({
      ok: false,
      error: { line: 1 },
    });
    expect(decodeSeedFile(Uint8Array.from([0x0a, 0x0a, 0xf0, 0x9f]))).toMatchObject({
      ok: false,
      error: { line: 3 },
    });
    expect(decodeSeedFile(Uint8Array.from([0xed, 0xa0, 0x80]))).toMatchObject({ ok: false }); // a lone surrogate
  });
});
