import { describe, expect, it } from "vitest";
import { AUTOIF_FILE_KINDS, autoifLineSchemas, detectAutoifKind, kindsOfLine } from "./autoifFiles";
import { MAX_LISTED_PROBLEMS, problemText, readAutoifFile } from "./readAutoifFile";

const bytes = (text: string) => new TextEncoder().encode(text);
const jsonl = (...rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
const rawRow = { prompt: "p", instruction: "Be brief", "gpt-answer": ["```json\n{}\n```"] };
const problems = (r: ReturnType<typeof readAutoifFile>) =>
  r.ok ? [] : r.problems.map(problemText);

describe("readAutoifFile", () => {
  it("reads every line of a kind told by the first line, skipping blank lines, a BOM and CRLF", () => {
    const read = readAutoifFile(
      bytes(
        `\uFEFF${JSON.stringify(rawRow)}\r\n\r\n${JSON.stringify({ ...rawRow, instruction: "Be long" })}`,
      ),
    );
    expect(read.ok && read.kind).toBe("raw-generations");
    expect(read.ok && read.lines.map((l) => [l.line, l.value.instruction])).toEqual([
      [1, "Be brief"],
      [3, "Be long"],
    ]);
  });

  it("refuses an empty file and a file of blank lines", () => {
    for (const text of ["", "\n\n  \n"])
      expect(problems(readAutoifFile(bytes(text)))).toEqual([
        "the file has no line to import (it is empty)",
      ]);
  });

  it("reads a file of one line with or without its newline", () => {
    for (const text of [JSON.stringify(rawRow), `${JSON.stringify(rawRow)}\n`])
      expect(readAutoifFile(bytes(text)).ok).toBe(true);
  });

  it("names a cut-off last line apart from invalid JSON on another line", () => {
    const whole = jsonl(rawRow, rawRow);
    expect(problems(readAutoifFile(bytes(whole.slice(0, -10))))).toEqual([
      expect.stringMatching(/^line 2: cut off: the file ends inside this line/),
    ]);
    expect(
      problems(
        readAutoifFile(
          bytes(`${JSON.stringify(rawRow)}\n{"instruction": oops}\n${JSON.stringify(rawRow)}\n`),
        ),
      ),
    ).toEqual([expect.stringMatching(/^line 2: invalid JSON: /)]);
    expect(problems(readAutoifFile(bytes(`${JSON.stringify(rawRow)}\n[1, 2]\n"text"\n`)))).toEqual([
      "line 2: not a JSON object",
      "line 3: not a JSON object",
    ]);
  });

  it("names the line and field of a value of the wrong type", () => {
    const bad = {
      instruction: "x",
      eval_func: [["def evaluate(r): return True", "1.0"]],
      cases: [["a", true]],
    };
    expect(problems(readAutoifFile(bytes(jsonl({ ...bad, eval_func: [["f", 1]] }, bad))))).toEqual([
      expect.stringMatching(
        /^line 2, field "eval_func\[0\]\[1\]": Invalid input: expected number, received string, in a cross-validated file \(told by line 1\)$/,
      ),
    ]);
    expect(
      problems(readAutoifFile(bytes(jsonl({ ...rawRow, "gpt-answer": "one string" })))),
    ).toEqual([
      expect.stringMatching(/^line 1, field "gpt-answer": Invalid input: expected array/),
    ]);
  });

  it("says a line is missing a field and which kind it looks like, in a file of mixed kinds", () => {
    const query = {
      prompt: "[instruction] Be brief\n[Query] hi",
      instruction: "Be brief",
      eval_func: [["f", 1]],
      "gpt-answer": ["ok"],
    };
    expect(problems(readAutoifFile(bytes(jsonl(query, rawRow))))).toEqual([
      'line 2, field "prompt": has no [Query] marker (code/7 l.72 reads the query after it), in a query-responses file (told by line 1) (the line looks like raw-generations, like eval_func_rft.jsonl)',
      'line 2, field "eval_func": missing, in a query-responses file (told by line 1) (the line looks like raw-generations, like eval_func_rft.jsonl)',
    ]);
  });

  it("reads a file as the kind it is told and refuses a file of the wrong kind by its first bad line", () => {
    const read = readAutoifFile(bytes(jsonl(rawRow)), "query-responses");
    expect(problems(read)).toEqual([
      expect.stringMatching(/^line 1, field "prompt": has no \[Query\] marker/),
      expect.stringMatching(
        /^line 1, field "eval_func": missing, in a query-responses file \(the line looks like raw-generations/,
      ),
    ]);
  });

  it("says the kind cannot be told when the fields fit no kind or several", () => {
    expect(problems(readAutoifFile(bytes(jsonl({ messages: [] }))))).toEqual([
      expect.stringMatching(
        /^line 1: line 1 has the fields messages, which no file of the reference scripts has; the kinds are raw-generations/,
      ),
    ]);
    const both = {
      prompt: "[Query] q",
      instruction: "i",
      eval_func: [],
      "gpt-answer": [],
      query: "q",
      response: "r",
      gen: [],
    };
    const told = detectAutoifKind({ line: 1, record: both });
    expect(!told.ok && told.message).toBe(
      "line 1 fits more than one kind: query-responses (instructions with functions, queries and responses, like query_rft.jsonl: prompt, instruction, eval_func, gpt-answer) and scored (responses with the judge's scores, like query_rft_score.jsonl: instruction, query, response, gen); say which with --kind (query-responses or scored)",
    );
    expect(readAutoifFile(bytes(jsonl(both)), "scored").ok).toBe(true);
  });

  it("refuses bytes that are not UTF-8, naming their line", () => {
    const good = bytes(jsonl(rawRow, rawRow));
    const bad = new Uint8Array([
      ...good.slice(0, good.length - 5),
      0xff,
      0xfe,
      ...good.slice(good.length - 5),
    ]);
    expect(problems(readAutoifFile(bad))).toEqual([
      `line 2: not valid UTF-8 (byte ${good.length - 4} of the file); save it as UTF-8`,
    ]);
  });

  it("lists at most MAX_LISTED_PROBLEMS problems and counts the rest", () => {
    const text = Array.from({ length: MAX_LISTED_PROBLEMS + 5 }, () => "{bad").join("\n") + "\n";
    const listed = problems(readAutoifFile(bytes(text)));
    expect(listed).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(listed.at(-1)).toBe("and 5 more problems");
  });
});

describe("kind signatures", () => {
  it("every kind has a schema and a line of each kind fits only its own signature", () => {
    const lines = {
      "raw-generations": rawRow,
      "cross-validated": {
        instruction: "i",
        eval_func: [["f", 1]],
        cases: [["a", true]],
        back_instruction: ["b"],
      },
      "query-responses": {
        prompt: "[Query] q",
        instruction: "i",
        eval_func: [["f", 1]],
        cases: [["a", "True"]],
        "gpt-answer": ["r"],
      },
      "dpo-functions": { prompt: "i. q.", eval_func: [["f", 0.5]], "gpt-answer": ["r"] },
      scored: {
        instruction: "i",
        query: "q",
        response: "r",
        gen: ["Score: 9"],
        prompt: "p",
        beam_unique_id: 1,
      },
      "dpo-rated": { query: "i. q.", response: [["r", 0.5]] },
    };
    for (const kind of AUTOIF_FILE_KINDS) {
      expect(kindsOfLine(lines[kind])).toEqual([kind]);
      expect(autoifLineSchemas[kind].safeParse(lines[kind]).success).toBe(true);
    }
  });
});
