import { describe, expect, it } from "vitest";
import { safeNext } from "./safeNext";

describe("safeNext", () => {
  it("keeps a local path with its query and fragment", () => {
    expect(safeNext("/projects/1/seeds?x=1#top")).toBe("/projects/1/seeds?x=1#top");
    expect(safeNext(["/playground", "/other"])).toBe("/playground");
    expect(safeNext(undefined)).toBe("/");
    expect(safeNext("")).toBe("/");
  });

  it("never yields a target another host: tabs, newlines, backslashes, dot segments, schemes", () => {
    const base = "http://127.0.0.1:3000";
    for (const next of [
      "/\t/evil.example/path",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/.//evil.example",
      "/%2e//evil.example",
      "/./\\evil.example",
      "https://evil.example/",
      "http:evil.example",
      "javascript:alert(1)",
      " //evil.example",
      "\t//evil.example",
      "/\t\\evil.example",
    ]) {
      const result = safeNext(next);
      expect(result.startsWith("/"), next).toBe(true);
      expect(/^[/\\]{2}/.test(result), `${JSON.stringify(next)} -> ${result}`).toBe(false);
      // Read as a browser reads a Location header.
      expect(new URL(result, base).origin, `${JSON.stringify(next)} -> ${result}`).toBe(base);
    }
  });
});
