/** A drop reason without its particulars (ids, numbers, quoted text), so like reasons group together. */
export function reasonGroup(reason: string): string {
  return reason
    .replace(/"[\s\S]*"/, '"…"')
    .replace(/#\d+/g, "#N")
    .replace(/\d+(\.\d+)?/g, "N")
    .replace(/\(line N, column N\)/, "")
    .replace(/does not compile: .*/, "does not compile")
    .trim();
}
