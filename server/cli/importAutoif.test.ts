// `npm run autoif -- import-autoif` as a child process on a real SQLite file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { count } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { instructions, llmCalls, testCases, verifiers } from "@/db/schema";
import { referenceSample } from "../pipeline/testing/referenceSample";
import { integrityCheck, runChild } from "../testing/crashHarness";

const { dir: sampleDir, describeWithSample } = referenceSample();
let dir: string;
let dbFile: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "autoif-import-cli-"));
  dbFile = path.join(dir, "studio.db");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const env = (extra: Record<string, string> = {}) => ({
  AUTOIF_DB_PATH: dbFile,
  AUTOIF_SKIP_EXAMPLE: "1",
  ...extra,
});
const cli = (args: string[], opts: { killAt?: string; env?: Record<string, string> } = {}) =>
  runChild("server/cli/main.ts", args, { killAt: opts.killAt, env: env(opts.env) });
const counts = () => {
  const db = openDatabase(dbFile);
  try {
    const n = (
      table: typeof instructions | typeof verifiers | typeof testCases | typeof llmCalls,
    ) => db.select({ n: count() }).from(table).get()!.n;
    return {
      instructions: n(instructions),
      verifiers: n(verifiers),
      testCases: n(testCases),
      llmCalls: n(llmCalls),
      integrity: integrityCheck(db),
    };
  } finally {
    db.$client.close();
  }
};
const write = (name: string, content: string | Uint8Array) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};

describeWithSample("import-autoif on the sample", () => {
  it(
    "imports eval_func_rft.jsonl all or nothing: a kill inside the transaction leaves nothing, the import then goes through, and again is refused",
    { timeout: 180_000 },
    async () => {
      expect((await cli(["projects", "create", "Ref", "--preset", "code"])).code).toBe(0);
      const file = path.join(sampleDir, "eval_func_rft.jsonl");
      const killed = await cli(["import-autoif", "--project", "Ref", "--file", file], {
        killAt: "reference-import:eval_func_rft.jsonl",
      });
      expect(killed.signal, killed.output).toBe("SIGKILL");
      expect(counts()).toEqual({
        instructions: 0,
        verifiers: 0,
        testCases: 0,
        llmCalls: 0,
        integrity: "ok",
      });

      const done = await cli(["import-autoif", "--project", "Ref", "--file", file]);
      expect(done.code, done.output).toBe(0);
      expect(done.output).toContain(`Imported ${file} (raw-generations, 5 lines) into "Ref":`);
      expect(done.output).toMatch(/\n\s+5\s+40\s+3\s+37\s+111\s+0\s+0\s+0\n/);
      expect(done.output).toMatch(/line 2, generation 4: invalid JSON in the ```json block/);
      expect(counts()).toEqual({
        instructions: 5,
        verifiers: 37,
        testCases: 111,
        llmCalls: 40,
        integrity: "ok",
      });

      const again = await cli(["import-autoif", "--project", "Ref", "--file", file]);
      expect(again.code).toBe(1);
      expect(again.output.split("\n")[0]).toMatch(
        /^autoif: eval_func_rft\.jsonl: nothing was imported\. line 1, field "instruction": already in the project as instruction #1; .* \(4 more listed below\)\.$/,
      );
      expect(again.output).toContain(
        "  line 5 (instruction): already in the project as instruction #5;",
      );
      expect(counts()).toMatchObject({ instructions: 5, verifiers: 37, llmCalls: 40 });
    },
  );
});

it(
  "refuses hostile files in one line naming what is wrong and where, and writes nothing",
  { timeout: 180_000 },
  async () => {
    expect((await cli(["projects", "create", "Ref"])).code).toBe(0);
    const row = JSON.stringify({
      instruction: "Be brief",
      "gpt-answer": ['```json\n{"func": "def evaluate(r):\\n    return True", "cases": []}\n```'],
    });
    const lines = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        row.replace("Be brief", `Be brief ${String(i).padStart(3, "0")}`),
      ).join("\n") + "\n";
    const cases: Array<[string, string | Uint8Array, string[], RegExp]> = [
      [
        "empty.jsonl",
        "",
        [],
        /^autoif: empty\.jsonl: nothing was imported\. the file has no line to import \(it is empty\)\.$/,
      ],
      [
        "cut.jsonl",
        `${row}\n${row.slice(0, 40)}`,
        [],
        /^autoif: cut\.jsonl: nothing was imported\. line 2: cut off: the file ends inside this line/,
      ],
      [
        "latin1.jsonl",
        new Uint8Array([
          ...Buffer.from(`${row}\n{"instruction": "caf`),
          0xe9,
          ...Buffer.from('", "gpt-answer": []}\n'),
        ]),
        [],
        /^autoif: latin1\.jsonl: nothing was imported\. line 2: not valid UTF-8 \(byte \d+ of the file\); save it as UTF-8\.$/,
      ],
      [
        "kind.jsonl",
        `${row}\n`,
        ["--kind", "scored"],
        /^autoif: kind\.jsonl: nothing was imported\. line 1, field "query": missing, in a scored file \(the line looks like raw-generations, like eval_func_rft\.jsonl\) \(2 more listed below\)\.$/,
      ],
      [
        "over.jsonl",
        lines(11),
        [],
        /^autoif: .*over\.jsonl is [\d,]+ bytes; the limit for a file of the reference scripts is [\d,]+ bytes \(AUTOIF_MAX_REFERENCE_FILE_BYTES\)\. Nothing was imported\.$/,
      ],
      ["tenfold.jsonl", lines(100), [], /^autoif: .*tenfold\.jsonl is [\d,]+ bytes; the limit/],
    ];
    // The limit is the size of a file of 10 lines: 10 go in, 11 and 100 are refused before reading.
    const limit = { AUTOIF_MAX_REFERENCE_FILE_BYTES: String(Buffer.byteLength(lines(10))) };
    for (const [name, content, extra, message] of cases) {
      const r = await cli(
        ["import-autoif", "--project", "Ref", "--file", write(name, content), ...extra],
        { env: limit },
      );
      expect({ name, code: r.code }).toEqual({ name, code: 1 });
      expect(r.output.split("\n")[0]).toMatch(message);
    }
    expect(counts()).toMatchObject({ instructions: 0, verifiers: 0, llmCalls: 0 });
    const atLimit = await cli(
      ["import-autoif", "--project", "Ref", "--file", write("ten.jsonl", lines(10)), "--json"],
      { env: limit },
    );
    expect(atLimit.code, atLimit.output).toBe(0);
    expect(JSON.parse(atLimit.output)).toMatchObject({
      kind: "raw-generations",
      lines: 10,
      instructions: 10,
      verifiers: 10,
    });
  },
);
