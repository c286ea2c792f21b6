import { describe, expect, it } from "vitest";
import { describeExportImpact } from "./exportImpact";

describe("describeExportImpact", () => {
  it("names what leaves each export, DPO first, with the totals", () => {
    expect(
      describeExportImpact({ dpo: { before: 195, after: 104 }, sft: { before: 300, after: 180 } }),
    ).toBe("This removes 91 of 195 DPO pairs and 120 of 300 SFT examples from the default export.");
  });
  it("leaves out a kind that does not change, and says so when neither does", () => {
    expect(
      describeExportImpact({ dpo: { before: 5, after: 5 }, sft: { before: 1, after: 0 } }),
    ).toBe("This removes 1 of 1 SFT example from the default export.");
    expect(
      describeExportImpact({ dpo: { before: 0, after: 0 }, sft: { before: 0, after: 0 } }),
    ).toBe("The default export does not change.");
  });
  it("says both directions when one kind loses rows and the other gains", () => {
    expect(
      describeExportImpact({ dpo: { before: 4, after: 3 }, sft: { before: 10, after: 11 } }),
    ).toBe("This removes 1 of 4 DPO pairs and adds 1 SFT example (to 11) in the default export.");
  });
  it("says what an approval brings back", () => {
    expect(
      describeExportImpact({ dpo: { before: 2, after: 3 }, sft: { before: 1000, after: 1200 } }),
    ).toBe("This adds 1 DPO pair (to 3) and 200 SFT examples (to 1,200) to the default export.");
  });
});
