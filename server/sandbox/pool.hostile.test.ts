import { afterAll, describe, expect, it } from "vitest";
import { createVerifierPool } from "./pool";

// The hostile-code suite through the real pool: worker threads, watchdog and replacement.
const DEADLINE_MS = 300;
const KNOWN = "function evaluate(r) { return /\\bplease\\b/i.test(r); }";
const pool = createVerifierPool({ size: 2, batchSize: 100 });
afterAll(() => pool.close());

const body = (code: string) => `function evaluate(response) { ${code} }`;
// [label, source, accepted kinds ("a|b": whichever limit trips first on this machine)]
const cases: [string, string, string][] = [
  ["while(true){}", body("while (true) {}"), "timeout"],
  ["a catastrophic regex", body('return /(a+)+$/.test("a".repeat(40) + "b");'), "timeout"],
  [
    "many large strings",
    body('const a = []; for (let i = 0; ; i++) a.push("x".repeat(1 << 20) + i);'),
    "memory|timeout",
  ],
  [
    "many small objects",
    body("const a = []; for (let i = 0; ; i++) a.push({ i });"),
    "memory|timeout",
  ],
  ["one huge string", body('return "x".repeat(2 ** 28).length > 0;'), "memory|timeout"],
  [
    "Array(2e8).join (one long native call)",
    body('return Array(2e8).join("x").length > 0;'),
    "memory|timeout",
  ],
  [
    'for(;;) "x".repeat(1e6) (native calls between interrupt checks)',
    body('for (;;) "x".repeat(1e6);'),
    "timeout",
  ],
  ["unbounded recursion", body("function f(n) { return f(n + 1) + 1; } return f(0) > 0;"), "stack"],
  ['JSON.parse("[".repeat(1e6))', body('return JSON.parse("[".repeat(1e6)) !== null;'), "stack"],
  [
    "the Function constructor reaching for process",
    body('return this.constructor.constructor("return process")() !== 1;'),
    "thrown",
  ],
  ["require", body('return require("fs") !== null;'), "thrown"],
  ["process", body("return process.exit(1);"), "thrown"],
  ["fetch", body('return fetch("http://127.0.0.1/") !== null;'), "thrown"],
  ['import("fs")', body('return import("fs");'), "result"],
  ["returning a string", body('return "true";'), "result"],
  ["returning a number", body("return 1;"), "result"],
  ["returning an object with getters", body("return { get ok() { return true; } };"), "result"],
  ["returning a Proxy", body("return new Proxy({}, {});"), "result"],
  ["returning a Promise", body("return Promise.resolve(true);"), "result"],
  ["throwing", body('throw new Error("no");'), "thrown"],
  ["a syntax error", "function evaluate(response) { return response.length > ; }", "compile"],
];

describe("hostile verifiers through the pool", () => {
  it.each(cases)(
    "%s ends as an error within deadline + grace and the pool keeps serving",
    async (_label, source, kinds) => {
      const [outcome] = await pool.evaluate(source, ["please"], { deadlineMs: DEADLINE_MS });
      expect(outcome?.verdict).toBe("error");
      expect(kinds.split("|")).toContain(outcome?.verdict === "error" ? outcome.kind : "none");
      const after = await pool.evaluate(KNOWN, ["Please do", "no", "say please."]);
      expect(after.map((o) => o.verdict)).toEqual(["pass", "fail", "pass"]);
    },
  );

  it("does not let one tampering verifier change the next outcome", async () => {
    const tamper = body(
      'String.prototype.includes = () => true; globalThis.n = (globalThis.n || 0) + 1; return "abc".includes("z");',
    );
    const outcomes = await pool.evaluate(tamper, ["a", "b", "c"]);
    expect(outcomes.map((o) => o.verdict)).toEqual(["fail", "fail", "fail"]);
    const honest = await pool.evaluate(body('return response.includes("z");'), ["abc", "xyz"]);
    expect(honest.map((o) => o.verdict)).toEqual(["fail", "pass"]);
  });

  it("handles a 1 MB response and emoji with combining marks", async () => {
    const source = body(
      "return response.length === 1048576 || response.normalize('NFC') === '\\u00e9\\u{1F600}';",
    );
    const outcomes = await pool.evaluate(source, ["x".repeat(1048576), "e\u0301\u{1F600}", "no"]);
    expect(outcomes.map((o) => o.verdict)).toEqual(["pass", "pass", "fail"]);
  });
});
