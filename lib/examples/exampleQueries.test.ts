import { describe, expect, it } from "vitest";
import { EXAMPLE_QUERY_POOL_NAME, exampleQueries } from "./exampleQueries";

const normalize = (q: string): string => q.toLowerCase().replace(/\s+/g, " ").trim();

describe("exampleQueries", () => {
  it("has a pool file name", () => {
    expect(EXAMPLE_QUERY_POOL_NAME).toBe("example-queries.jsonl");
  });

  it("holds between 280 and 320 queries", () => {
    expect(exampleQueries.length).toBeGreaterThanOrEqual(280);
    expect(exampleQueries.length).toBeLessThanOrEqual(320);
  });

  it("keeps every query strictly between 20 and 300 characters", () => {
    for (const q of exampleQueries) {
      expect(q.length, q).toBeGreaterThan(20);
      expect(q.length, q).toBeLessThan(300);
    }
  });

  it("has no duplicates after lowercasing and collapsing whitespace", () => {
    const keys = exampleQueries.map(normalize);
    expect(new Set(keys).size).toBe(exampleQueries.length);
  });

  it("has at least 30 queries that do not end with '?' or '.'", () => {
    const unpunctuated = exampleQueries.filter((q) => !q.endsWith("?") && !q.endsWith("."));
    expect(unpunctuated.length).toBeGreaterThanOrEqual(30);
  });

  it("has no query containing a newline", () => {
    for (const q of exampleQueries) expect(q.includes("\n") || q.includes("\r"), q).toBe(false);
  });
});
