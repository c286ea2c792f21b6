import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { buildExportFixture } from "../export/testing/exportFixture";

/** The real CLI (`npm run autoif` runs this) as a child process on a real SQLite file. */
function cli(
  dbFile: string,
  args: string[],
  env: Record<string, string> = { AUTOIF_SKIP_EXAMPLE: "1" },
) {
  const r = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "server/cli/main.ts", ...args],
    {
      encoding: "utf8",
      env: { ...process.env, AUTOIF_DB_PATH: dbFile, ...env },
    },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
let db: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "autoif-cli-"));
  db = path.join(dir, "studio.db");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const json = <T>(r: { code: number | null; stdout: string; stderr: string }): T => {
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
};

/** A failure: exit 1 and exactly one line on stderr. */
function failsWith(r: { code: number | null; stderr: string }, line: string) {
  expect(r.code).toBe(1);
  expect(r.stderr).toBe(`autoif: ${line}\n`);
}

describe("autoif projects", { timeout: 300_000 }, () => {
  it("creates, lists, renames and deletes projects, and refuses bad names in one line", () => {
    // The first open of a database creates the example project, as the studio does.
    const first = json<Array<{ name: string; isExample: boolean }>>(
      cli(db, ["projects", "list", "--json"], {}),
    );
    expect(first.map((p) => [p.name, p.isExample])).toEqual([
      ["Example: format constraints", true],
    ]);

    const created = json<{ id: number; name: string; preset: string }>(
      cli(db, ["projects", "create", "Cluster job", "--preset", "code", "--json"]),
    );
    expect(created).toMatchObject({ name: "Cluster job", preset: "code" });
    failsWith(
      cli(db, ["projects", "create", "CLUSTER JOB"]),
      'A project named "Cluster job" already exists.',
    );
    failsWith(cli(db, ["projects", "create", "   "]), "name: A project needs a name.");

    const renamed = cli(db, ["projects", "rename", "cluster job", "Cluster job v2"]);
    expect(renamed.stdout).toBe(
      `Renamed project #${created.id} "Cluster job" to "Cluster job v2".\n`,
    );
    failsWith(
      cli(db, ["projects", "rename", "nope", "x"]),
      'No project named "nope". Projects: "Cluster job v2", "Example: format constraints".',
    );

    failsWith(
      cli(db, ["projects", "delete", String(created.id)]),
      `Deleting project #${created.id} "Cluster job v2" removes 0 seeds, 0 instructions, 0 queries, 0 responses, 0 pairs and 0 runs; pass --yes to delete it.`,
    );
    expect(
      json<Array<{ name: string }>>(cli(db, ["projects", "list", "--json"])).map((p) => p.name),
    ).toContain("Cluster job v2");
    expect(cli(db, ["projects", "delete", "Cluster job v2", "--yes"]).code).toBe(0);
    expect(
      json<Array<{ name: string }>>(cli(db, ["projects", "list", "--json"])).map((p) => p.name),
    ).toEqual(["Example: format constraints"]);
  });
});

describe("autoif settings", { timeout: 300_000 }, () => {
  it("sets knobs through the studio's schema, names the key of a bad value and then writes nothing", () => {
    cli(db, ["projects", "create", "P"]);
    const get = () =>
      json<{ settings: Record<string, unknown> }>(
        cli(db, [
          "settings",
          "get",
          "--project",
          "p",
          "execute.sftPassRateThreshold",
          "budget.maxCalls",
          "--json",
        ]),
      ).settings;
    const before = get();

    failsWith(
      cli(db, ["settings", "set", "--project", "P", "execute.sftPassRateThreshold=1.5"]),
      "execute.sftPassRateThreshold: must be between 0 and 1",
    );
    // One bad value among good ones: nothing is saved.
    failsWith(
      cli(db, [
        "settings",
        "set",
        "--project",
        "P",
        "budget.maxCalls=50",
        "execute.sftPassRateThreshold=-1",
      ]),
      "execute.sftPassRateThreshold: must be between 0 and 1",
    );
    failsWith(
      cli(db, ["settings", "set", "--project", "P", "execute.sftPassRate=0.5"]),
      "execute.sftPassRate: not a setting. Did you mean execute.sftPassRateThreshold, execute.sftPassRateComparison? `settings get --project <p>` lists them.",
    );
    failsWith(
      cli(db, ["settings", "set", "--project", "P", "budget.maxCalls=many"]),
      'budget.maxCalls: "many" is not a number.',
    );
    failsWith(
      cli(db, ["settings", "set", "--project", "P", "crossValidate.stringBooleans=yes"]),
      'crossValidate.stringBooleans: "yes" is not true or false.',
    );
    failsWith(
      cli(db, ["settings", "set", "--project", "P", "augment.nearDuplicateMetric=cosine"]),
      "augment.nearDuplicateMetric: choose one of: rougeL, tokenJaccard",
    );
    expect(get()).toEqual(before);

    const set = cli(db, [
      "settings",
      "set",
      "--project",
      "P",
      "execute.sftPassRateThreshold=0.8",
      "budget.maxCalls=50",
    ]);
    expect(set.code).toBe(0);
    expect(get()).toEqual({ "execute.sftPassRateThreshold": 0.8, "budget.maxCalls": 50 });
    // A cap that can be off takes null; the key=value lines of get are what set takes.
    expect(cli(db, ["settings", "set", "--project", "P", "budget.maxCalls=null"]).code).toBe(0);
    expect(
      cli(db, [
        "settings",
        "get",
        "--project",
        "P",
        "budget.maxCalls",
        "execute.sftPassRateThreshold",
      ]).stdout,
    ).toBe("budget.maxCalls=null\nexecute.sftPassRateThreshold=0.8\n");
  });
});

describe("autoif settings: the verifier language", { timeout: 300_000 }, () => {
  it("reads javascript on a new project, takes python, and refuses any other language naming the choices", () => {
    cli(db, ["projects", "create", "Lang"]);
    expect(cli(db, ["settings", "get", "--project", "Lang", "verifyGen.language"]).stdout).toBe(
      "verifyGen.language=javascript\n",
    );
    for (const bad of ["ruby", "Python", "js"])
      failsWith(
        cli(db, ["settings", "set", "--project", "Lang", `verifyGen.language=${bad}`]),
        "verifyGen.language: choose one of: javascript, python",
      );
    expect(
      cli(db, ["settings", "set", "--project", "Lang", "verifyGen.language=python"]).code,
    ).toBe(0);
    expect(cli(db, ["settings", "get", "--project", "Lang", "verifyGen.language"]).stdout).toBe(
      "verifyGen.language=python\n",
    );
  });
});

describe("autoif seeds", { timeout: 300_000 }, () => {
  it("imports, lists and exports seeds; a bad file imports nothing and names its lines", () => {
    cli(db, ["projects", "create", "Seeds"]);
    const good = path.join(dir, "seeds.jsonl");
    fs.writeFileSync(
      good,
      [
        '{"instruction": "Answer in exactly three sentences.", "tags": ["length"]}',
        '{"instruction": "Use no commas."}',
        "",
      ].join("\n"),
    );
    expect(
      json<{ imported: number }>(
        cli(db, ["seeds", "import", "--project", "Seeds", "--file", good, "--json"]),
      ),
    ).toEqual({ imported: 2 });

    const bad = path.join(dir, "bad.txt");
    fs.writeFileSync(bad, "Write in French.\nUse no commas.\nAnswer in exactly three sentences.\n");
    const refused = cli(db, ["seeds", "import", "--project", "Seeds", "--file", bad]);
    expect(refused.code).toBe(1);
    const lines = refused.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(
      /^autoif: bad\.txt: nothing was imported\. Line 2: duplicate of seed #\d+ "Use no commas\.", already in this project/,
    );
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^ {2}line 2: duplicate of/),
      expect.stringMatching(/^ {2}line 3: duplicate of/),
    ]);

    const listed = json<Array<{ text: string; tags: string[] }>>(
      cli(db, ["seeds", "list", "--project", "Seeds", "--json"]),
    );
    expect(listed.map((s) => [s.text, s.tags])).toEqual([
      ["Answer in exactly three sentences.", ["length"]],
      ["Use no commas.", []],
    ]);

    const out = path.join(dir, "out", "seeds.txt");
    expect(cli(db, ["seeds", "export", "--project", "Seeds", "--out", out]).code).toBe(0);
    expect(fs.readFileSync(out, "utf8")).toBe(
      "Answer in exactly three sentences.\nUse no commas.\n",
    );
    expect(cli(db, ["seeds", "export", "--project", "Seeds", "--format", "jsonl"]).stdout).toBe(
      '{"instruction":"Answer in exactly three sentences.","tags":["length"]}\n{"instruction":"Use no commas.","tags":[]}\n',
    );
    failsWith(
      cli(db, ["seeds", "import", "--project", "Seeds", "--file", path.join(dir, "seeds.csv")]),
      `${path.join(dir, "seeds.csv")}: cannot tell the format from the name (.txt, .jsonl or .ndjson); pass --format txt|jsonl.`,
    );
  });
});

describe("autoif export", { timeout: 300_000 }, () => {
  it("previews the first lines, writes a system prompt, and refuses an empty export with exit 3 unless --allow-empty", () => {
    const seeded = openDatabase(db);
    buildExportFixture(seeded, "Exported");
    seeded.$client.close();
    const args = ["export", "--project", "exported"];

    const preview = cli(db, [
      ...args,
      "--format",
      "kto",
      "--preview",
      "3",
      "--system-prompt",
      "Be exact.",
    ]);
    expect(preview.code).toBe(0);
    const lines = preview.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    for (const line of lines)
      expect(JSON.parse(line)).toMatchObject({ kto_tag: expect.any(Boolean), system: "Be exact." });
    expect(fs.readdirSync(dir).filter((f) => !f.startsWith("studio.db"))).toEqual([]);

    const out = path.join(dir, "data", "sft.jsonl");
    const empty = cli(db, [
      ...args,
      "--format",
      "alpaca",
      "--out",
      out,
      "--min-score",
      "10",
      "--max-score",
      "10",
    ]);
    expect(empty.code).toBe(3);
    expect(empty.stderr).toBe(
      'autoif: Nothing to export: the filter "score 10 to 10" left 0 of the 3 responses left by "instruction status kept".\n',
    );
    expect(
      fs.existsSync(path.join(dir, "data")) ? fs.readdirSync(path.join(dir, "data")) : [],
    ).toEqual([]);

    const allowed = cli(db, [
      ...args,
      "--format",
      "alpaca",
      "--out",
      out,
      "--min-score",
      "10",
      "--max-score",
      "10",
      "--allow-empty",
      "--quiet",
    ]);
    expect(allowed.code).toBe(0);
    expect(fs.readFileSync(out, "utf8")).toBe("");
    expect(fs.existsSync(path.join(dir, "data", "dataset_info.json"))).toBe(false);

    const written = cli(db, [
      ...args,
      "--format",
      "sharegpt-preference",
      "--out",
      path.join(dir, "data", "dpo.jsonl"),
      "--system-prompt",
      "Be exact.",
      "--quiet",
    ]);
    expect(written.code).toBe(0);
    const info = JSON.parse(
      fs.readFileSync(path.join(dir, "data", "dataset_info.json"), "utf8"),
    ) as Record<string, unknown>;
    expect(Object.keys(info)).toEqual(["dpo"]);
    expect(info.dpo).toMatchObject({
      file_name: "dpo.jsonl",
      formatting: "sharegpt",
      ranking: true,
      columns: { system: "system" },
    });

    failsWith(
      cli(db, [...args, "--format", "trl-preference", "--preview", "2", "--system-prompt", "x"]),
      "systemPrompt: The TRL preference format has no place for a system prompt; leave it empty or choose another format.",
    );
    failsWith(
      cli(db, [...args, "--format", "alpaca"]),
      "Say where to write the file: --out <file> (or --preview <n> to print the first lines).",
    );
  });
});

describe("autoif --help", { timeout: 300_000 }, () => {
  it("documents every new command, and a usage error is one line", () => {
    for (const cmd of [
      ["projects", "list"],
      ["projects", "create"],
      ["projects", "rename"],
      ["projects", "delete"],
      ["seeds", "import"],
      ["seeds", "export"],
      ["seeds", "list"],
      ["settings", "get"],
      ["settings", "set"],
    ]) {
      const r = cli(db, [...cmd, "--help"]);
      expect(r.code, cmd.join(" ")).toBe(0);
      expect(r.stdout).toContain(`Usage: autoif ${cmd.join(" ")}`);
    }
    // A usage error is one line too.
    failsWith(
      cli(db, ["seeds", "list"]),
      "required option '--project <name-or-id>' not specified (see --help)",
    );
    failsWith(cli(db, ["projects", "list", "--bogus"]), "unknown option '--bogus' (see --help)");
  });
});
