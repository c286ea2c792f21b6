/** Default-export rows before and after a verdict, per kind, as the server counts them. */
export interface ExportImpactCounts {
  sft: { before: number; after: number };
  dpo: { before: number; after: number };
}

const n = (x: number) => x.toLocaleString("en");
const plural = (x: number, one: string, many: string) => (x === 1 ? one : many);

function part(
  kind: "sft" | "dpo",
  c: { before: number; after: number },
): { verb: "removes" | "adds"; text: string } | null {
  const [one, many] = kind === "sft" ? ["SFT example", "SFT examples"] : ["DPO pair", "DPO pairs"];
  const d = c.before - c.after;
  if (d > 0)
    return { verb: "removes", text: `${n(d)} of ${n(c.before)} ${plural(c.before, one, many)}` };
  if (d < 0) return { verb: "adds", text: `${n(-d)} ${plural(-d, one, many)} (to ${n(c.after)})` };
  return null;
}

/**
 * What a verdict does to the default export, in one sentence: "This removes 91 of 195 DPO pairs
 * and 120 of 300 SFT examples from the default export." or "The default export does not change."
 */
export function describeExportImpact(c: ExportImpactCounts): string {
  const parts = [part("dpo", c.dpo), part("sft", c.sft)].filter((p) => p !== null);
  if (parts.length === 0) return "The default export does not change.";
  const same = parts.every((p) => p.verb === parts[0]!.verb);
  const body = same
    ? `${parts[0]!.verb} ${parts.map((p) => p.text).join(" and ")}`
    : parts.map((p) => `${p.verb} ${p.text}`).join(" and ");
  const where = same && parts[0]!.verb === "adds" ? "to" : same ? "from" : "in";
  return `This ${body} ${where} the default export.`;
}
