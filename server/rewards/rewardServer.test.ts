import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desc, eq } from "drizzle-orm";
import { rewardRequests } from "@/db/schema";
import { createTestDb } from "@/db/testing/testDb";
import { instructionKey } from "@/lib/rl/instructionKey";
import { splitSide } from "@/lib/rl/split";
import { REWARD_FUNCTION_FILES, rewardFunctionFile } from "@/lib/rl/rewardFunctions";
import { createVerifierPool } from "../sandbox/pool";
import { setSplit } from "../services/splits";
import { rewardRequestSummary } from "./rewardHttp";
import { startRewardServer } from "./serve";
import { expectedPassRate, seedRewardProject } from "./testing/rewardFixture";

const t = createTestDb();
const fx = seedRewardProject(t.db);
const pool = createVerifierPool({ size: 2 });
const key = (i: number) => instructionKey(fx.instructions[i]!.number, fx.instructions[i]!.hash);
const MAX_BODY = 200_000;
const MAX_ITEMS = 300;
let server: Awaited<ReturnType<typeof startRewardServer>>;
let dir: string;

beforeAll(async () => {
  server = await startRewardServer({
    db: t.db,
    pool,
    projectId: fx.projectId,
    projectName: "Rewards",
    host: "127.0.0.1",
    port: 0,
    token: undefined,
    maxBodyBytes: MAX_BODY,
    maxItems: MAX_ITEMS,
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "autoif-rewards-"));
});
afterAll(async () => {
  await server.close();
  pool.close();
  t.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A ChatML prompt as OpenRLHF renders it, and the query it decodes: prompt + response + end marker. */
const chatPrompt = (user: string) => `<|im_start|>user\n${user}<|im_end|>\n<|im_start|>assistant\n`;
const item = (label: string, user: string, response: string) => ({
  prompt: chatPrompt(user),
  query: `${chatPrompt(user)}${response}<|im_end|>`,
  label,
});

interface Answer {
  rewards: number[];
  scores: number[];
  extra_logs: Record<string, number[]>;
  problems: Array<string | null>;
}

async function post(
  body: string | object,
  opts: { path?: string; headers?: Record<string, string> } = {},
) {
  const response = await fetch(`${server.url}${opts.path ?? "/"}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...opts.headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    json: (await response.json()) as Answer & { error?: { message: string } },
  };
}

const request = (items: Array<{ prompt: string; query: string; label: unknown }>) => ({
  query: items.map((i) => i.query),
  prompts: items.map((i) => i.prompt),
  labels: items.map((i) => i.label),
});

/** Runs python3 on a script (async: the server answers in this very process). */
function python(
  script: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const file = path.join(dir, `script-${Math.random().toString(36).slice(2)}.py`);
  fs.writeFileSync(file, script);
  return new Promise((resolve) => {
    const child = spawn("python3", [file], {
      cwd: dir,
      env: { ...process.env, AUTOIF_REWARD_URL: `${server.url}/`, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function lastLog() {
  return t.db
    .select()
    .from(rewardRequests)
    .where(eq(rewardRequests.projectId, fx.projectId))
    .orderBy(desc(rewardRequests.id))
    .get()!;
}

describe("reward server: OpenRLHF's protocol", { timeout: 120_000 }, () => {
  it("a python3 client speaking OpenRLHF's protocol gets the pass rate over kept, not rejected verifiers", async () => {
    const responses = [
      "owls hoot at night.",
      "Owls Hoot",
      "a very long lowercase answer that goes on and on past forty",
      "<think>Let me THINK.</think>\n\nok owl",
    ];
    const items = responses.map((r) => item(key(0), "Tell me about owls", r));
    const payload = JSON.stringify(request(items));
    const script = `
import json, urllib.request
payload = json.loads(${JSON.stringify(payload)})
req = urllib.request.Request(${JSON.stringify(`${server.url}/get_reward`)}, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"})
print(urllib.request.urlopen(req, timeout=180).read().decode())
`;
    const out = await python(script);
    expect(out.stderr).toBe("");
    const answer = JSON.parse(out.stdout) as Answer;
    // Cut as the server must: after the prompt, without the end marker, without the leading thinking.
    const cut = [
      "owls hoot at night.",
      "Owls Hoot",
      "a very long lowercase answer that goes on and on past forty",
      "ok owl",
    ];
    const expected = cut.map((r) => expectedPassRate(fx.counted[0]!, r));
    expect(answer.rewards).toEqual(expected);
    expect(expected).toEqual([1, 0.5, 0.5, 1]);
    expect(answer.scores).toEqual(expected);
    expect(answer.extra_logs.pass_rate).toEqual(expected);
    expect(answer.extra_logs.verifiers).toEqual([2, 2, 2, 2]);
    expect(answer.problems).toEqual([null, null, null, null]);
    // extra_logs holds numbers only: OpenRLHF makes a tensor of every value.
    for (const values of Object.values(answer.extra_logs))
      for (const v of values) expect(typeof v).toBe("number");
  });

  it("scores items of several labels in one request, each by its own instruction, in item order", async () => {
    const items = [
      item(key(1), "q", "an owl"),
      item(key(0), "q", "LOUD"),
      item(key(5), "q", "brief"),
      item(key(1), "q", "no bird"),
      item(key(0), "q", "quiet"),
    ];
    const { status, json } = await post(request(items));
    expect(status).toBe(200);
    expect(json.rewards).toEqual([
      expectedPassRate(fx.counted[1]!, "an owl"),
      expectedPassRate(fx.counted[0]!, "LOUD"),
      1,
      expectedPassRate(fx.counted[1]!, "no bird"),
      1,
    ]);
    expect(json.rewards[1]).toBe(0.5);
    expect(lastLog()).toMatchObject({
      status: 200,
      items: 5,
      labels: 3,
      unscored: 0,
      evaluations: 3 + 2 + 1 + 3 + 2,
    });
  });

  it("runs Python verifiers in Pyodide and JavaScript ones in QuickJS for one instruction", async () => {
    const texts = ["an owl", "an owl flying over the quiet town", "no bird", "owl"];
    const { status, json } = await post(request(texts.map((r) => item(key(6), "q", r))));
    expect(status).toBe(200);
    expect(json.problems).toEqual([null, null, null, null]);
    expect(json.rewards).toEqual(texts.map((r) => expectedPassRate(fx.counted[6]!, r)));
    expect(json.rewards).toEqual([1, 2 / 3, 1 / 3, 1]);
  });

  it("all-or-nothing and think=keep are URL options; a bad option is a 400 naming it", async () => {
    const items = [
      item(key(0), "q", "Owls"),
      item(key(0), "q", "owls"),
      item(key(0), "q", "<think>X</think>owls"),
    ];
    expect((await post(request(items), { path: "/?mode=all-or-nothing" })).json.rewards).toEqual([
      0, 1, 1,
    ]);
    expect((await post(request(items), { path: "/?think=keep" })).json.rewards).toEqual([
      0.5, 1, 0.5,
    ]);
    const bad = await post(request(items), { path: "/?mode=sometimes" });
    expect(bad.status).toBe(400);
    expect(bad.json.error!.message).toMatch(
      /mode=sometimes is not one of pass-rate, all-or-nothing/,
    );
  });

  it("gives reward 0 with the reason to unknown labels, rejected or verifier-less instructions and queries without their prompt", async () => {
    const changed = `i${fx.instructions[0]!.number}-000000000000`;
    const items = [
      item("nonsense", "q", "owls"),
      item(changed, "q", "owls"),
      item("i999-abcdefabcdef", "q", "owls"),
      item(key(2), "q", "owls"),
      item(key(3), "q", "owls"),
      item(key(4), "q", "owls"),
      { prompt: "a prompt not in the query", query: "something else entirely", label: key(0) },
      { ...item(key(0), "q", "owls"), label: 17 },
      { ...item(key(0), "q", "owls"), label: null },
      item(key(0), "q", "owls"),
    ];
    const { status, json } = await post(request(items));
    expect(status).toBe(200);
    expect(json.rewards).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(json.extra_logs.unscored).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    const p = json.problems;
    expect(p[0]).toMatch(/"nonsense" is not an instruction key/);
    expect(p[1]).toMatch(/does not match instruction #\d+'s text/);
    expect(p[2]).toMatch(/names instruction #999, which this project does not have/);
    expect(p[3]).toMatch(/rejected by a reviewer/);
    expect(p[4]).toMatch(/has no kept verifier that a reviewer has not rejected/);
    expect(p[5]).toMatch(/not kept by the pipeline \(dropped\)/);
    expect(p[6]).toMatch(/does not contain its prompt/);
    expect(p[7]).toMatch(/the label is number/);
    expect(p[8]).toMatch(/the label is null/);
    expect(p[9]).toBeNull();
    expect(lastLog()).toMatchObject({ status: 200, items: 10, unscored: 9, unknownLabels: 5 });
  });

  it("a verifier that times out in the middle of a batch costs only that item, by the counting rule, and says so", async () => {
    const texts = [
      "owl 0",
      "owl 1",
      "owl 2",
      "owl LOOP 3",
      "owl 4",
      "BOOM owl 5",
      "no bird 6",
      "owl 7",
    ];
    const { status, json } = await post(request(texts.map((r) => item(key(1), "q", r))));
    expect(status).toBe(200);
    // Paper preset: an error counts as a fail.
    expect(json.rewards).toEqual(texts.map((r) => expectedPassRate(fx.counted[1]!, r)));
    expect(json.rewards).toEqual([1, 1, 1, 2 / 3, 1, 2 / 3, 2 / 3, 1]);
    expect(json.extra_logs.verifier_errors).toEqual([0, 0, 0, 1, 0, 1, 0, 0]);
    expect(json.problems[3]).toMatch(
      /1 of 3 verifiers of instruction #\d+ ended in an error \(counted as fails, the project's rule\): verifier #\d+ \(v1\) timeout/,
    );
    expect(json.problems[5]).toMatch(/thrown: .*boom/);
    expect(json.problems.filter((x) => x !== null)).toHaveLength(2);
    expect(lastLog()).toMatchObject({ verifierErrors: 2, evaluations: 24 });
  });

  it("answers concurrent requests each as if alone", async () => {
    const batches = Array.from({ length: 8 }, (_, b) =>
      Array.from({ length: 20 }, (_, i) =>
        item(key(i % 2 === 0 ? 0 : 5), "q", i % 3 === b % 3 ? `Owl ${b} ${i}` : `owl ${b} ${i}`),
      ),
    );
    const alone = [];
    for (const batch of batches.slice(0, 2)) alone.push((await post(request(batch))).json.rewards);
    const together = await Promise.all(batches.map((batch) => post(request(batch))));
    expect(together.map((r) => r.status)).toEqual(batches.map(() => 200));
    expect(together.slice(0, 2).map((r) => r.json.rewards)).toEqual(alone);
    together.forEach((r, b) =>
      expect(r.json.rewards).toEqual(
        batches[b]!.map((x, i) =>
          expectedPassRate(
            fx.counted[i % 2 === 0 ? 0 : 5]!,
            x.query.slice(x.prompt.length, -"<|im_end|>".length),
          ),
        ),
      ),
    );
  });

  it("refuses the split's test instructions unless split=any", async () => {
    // A seed that puts instruction 6 ("Be brief") on the test side and instruction 1 on train.
    let seed = 0;
    while (!(
      splitSide({ seed, testFraction: 0.5 }, fx.instructions[5]!.hash) === "test" &&
      splitSide({ seed, testFraction: 0.5 }, fx.instructions[0]!.hash) === "train"
    ))
      seed++;
    setSplit(t.db, fx.projectId, { seed, testFraction: 0.5 }, { force: true });
    try {
      const items = [item(key(5), "q", "brief"), item(key(0), "q", "owls")];
      const train = await post(request(items));
      expect(train.json.rewards).toEqual([0, 1]);
      expect(train.json.problems[0]).toMatch(
        /in the test split, held out from training \(the URL option split=any scores it/,
      );
      expect(lastLog()).toMatchObject({ heldOut: 1, unscored: 1 });
      expect((await post(request(items), { path: "/?split=any" })).json.rewards).toEqual([1, 1]);
    } finally {
      t.db.$client.prepare("delete from splits").run();
    }
  });
});

describe("reward server: malformed requests score nothing", { timeout: 120_000 }, () => {
  const good = request([item(key(0), "q", "owls")]);
  it.each([
    ["not JSON", "{query: [", 400, /not JSON/],
    ["a JSON array", "[1, 2]", 400, /must be a JSON object.*Got an array/],
    [
      "a field missing",
      JSON.stringify({ query: ["a"], prompts: ["a"] }),
      400,
      /"labels" is missing/,
    ],
    [
      "a field not a list",
      JSON.stringify({ query: "a", prompts: ["a"], labels: ["x"] }),
      400,
      /"query" must be a list, got a string/,
    ],
    [
      "lengths differ",
      JSON.stringify({ query: ["a", "b"], prompts: ["a"], labels: ["x", "y"] }),
      400,
      /query has 2 items, prompts 1 and labels 2/,
    ],
    [
      "a query not a string",
      JSON.stringify({ query: ["a", 5], prompts: ["a", "b"], labels: ["x", "y"] }),
      400,
      /query\[1\] is a number, not a string/,
    ],
    [
      "a prompt not a string",
      JSON.stringify({ query: ["a"], prompts: [null], labels: ["x"] }),
      400,
      /prompts\[0\] is null, not a string/,
    ],
  ] as const)(
    "%s: 400 with the reason, nothing scored, logged",
    async (_name, body, status, message) => {
      const before = t.db.select().from(rewardRequests).all().length;
      const r = await post(body);
      expect(r.status).toBe(status);
      expect(r.json.error!.message).toMatch(message);
      expect(r.json.error!.message).toMatch(/Nothing was scored/);
      expect(r.json.rewards).toBeUndefined();
      expect(t.db.select().from(rewardRequests).all().length).toBe(before + 1);
      expect(lastLog()).toMatchObject({ status, items: 0, evaluations: 0 });
    },
  );

  it("items: limit-1 and limit are scored, limit+1 and 10x limit get 413 naming the limit", async () => {
    const many = (n: number) => ({
      query: Array.from({ length: n }, (_, i) => `r${i}`),
      prompts: new Array(n).fill(""),
      labels: new Array(n).fill(key(5)),
    });
    for (const n of [MAX_ITEMS - 1, MAX_ITEMS]) {
      const r = await post(many(n));
      expect(r.status).toBe(200);
      expect(r.json.rewards).toHaveLength(n);
    }
    for (const n of [MAX_ITEMS + 1, MAX_ITEMS * 10]) {
      const r = await post(many(n));
      expect(r.status).toBe(413);
      expect(r.json.error!.message).toBe(
        `The request has ${n.toLocaleString("en-US")} items; the limit is ${MAX_ITEMS} per request. Nothing was scored; send smaller batches.`,
      );
    }
  });

  it("bytes: limit-1 and limit are read, limit+1 and 10x limit get 413 before a byte is read", async () => {
    const sized = (bytes: number) => {
      const base = JSON.stringify({ ...good, pad: "" });
      return JSON.stringify({ ...good, pad: "x".repeat(bytes - Buffer.byteLength(base)) });
    };
    for (const n of [MAX_BODY - 1, MAX_BODY]) {
      const body = sized(n);
      expect(Buffer.byteLength(body)).toBe(n);
      const r = await post(body);
      expect(r.status).toBe(200);
      expect(r.json.rewards).toEqual([1]);
    }
    for (const n of [MAX_BODY + 1, MAX_BODY * 10]) {
      const before = t.db.select().from(rewardRequests).all().length;
      const r = await rawPost(sized(n));
      expect(r.status).toBe(413);
      expect(r.body).toMatch(
        new RegExp(
          `The request is ${n.toLocaleString("en-US")} bytes; the limit for a request is 200,000 bytes. Nothing was read.`,
        ),
      );
      expect(t.db.select().from(rewardRequests).all().length).toBe(before);
    }
  });

  it("a body without a declared length (chunked) gets 413, bytes that are not UTF-8 get 400", async () => {
    const chunked = await rawPost(JSON.stringify(good), { chunked: true });
    expect(chunked.status).toBe(413);
    expect(chunked.body).toMatch(/must declare its Content-Length/);
    const bytes = Buffer.concat([
      Buffer.from('{"query": ["'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"], "prompts": [""], "labels": ["x"]}'),
    ]);
    const bad = await rawPost(bytes);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/not valid UTF-8 \(byte 13 of/);
  });

  it("an empty request is answered with empty lists", async () => {
    const r = await post({ query: [], prompts: [], labels: [] });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      rewards: [],
      scores: [],
      extra_logs: { pass_rate: [], verifiers: [], verifier_errors: [], unscored: [] },
      problems: [],
    });
  });
});

/** A POST over a raw socket: the body as given, with or without Content-Length. */
function rawPost(
  body: string | Buffer,
  opts: { chunked?: boolean; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string }> {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: "/",
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(opts.chunked
            ? { "transfer-encoding": "chunked" }
            : { "content-length": String(bytes.length) }),
          ...opts.headers,
        },
      },
      (res) => {
        let text = "";
        res.on("data", (d: Buffer) => (text += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    // The server may answer 413 and close before the whole body is sent.
    req.on("error", (error: NodeJS.ErrnoException) =>
      error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error),
    );
    req.end(bytes);
  });
}

describe("reward server: access", { timeout: 120_000 }, () => {
  it("checks Host, Origin and content type like the studio", async () => {
    const body = JSON.stringify(request([item(key(0), "q", "owls")]));
    expect((await rawPost(body, { headers: { host: "evil.example" } })).status).toBe(403);
    expect((await rawPost(body, { headers: { origin: "http://evil.example" } })).status).toBe(403);
    expect((await rawPost(body, { headers: { "content-type": "text/plain" } })).status).toBe(415);
    expect((await rawPost(body)).status).toBe(200);
    const health = await fetch(`${server.url}/health`);
    expect(await health.json()).toEqual({
      ok: true,
      project: { id: fx.projectId, name: "Rewards" },
    });
    expect(
      (
        await fetch(`${server.url}/elsewhere`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        })
      ).status,
    ).toBe(404);
  });

  it("with a token: refused without it (401), served with the Bearer header; never on another address without one", async () => {
    const token = "a-long-enough-token-for-tests";
    const guarded = await startRewardServer({
      db: t.db,
      pool,
      projectId: fx.projectId,
      projectName: "Rewards",
      host: "127.0.0.1",
      port: 0,
      token,
      maxBodyBytes: MAX_BODY,
    });
    try {
      const body = JSON.stringify(request([item(key(0), "q", "owls")]));
      const send = (headers: Record<string, string>) =>
        fetch(`${guarded.url}/`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body,
        });
      expect((await send({})).status).toBe(401);
      expect((await send({ authorization: "Bearer wrong-token-wrong-token" })).status).toBe(401);
      const ok = await send({ authorization: `Bearer ${token}` });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as Answer).rewards).toEqual([1]);
    } finally {
      await guarded.close();
    }
    await expect(
      startRewardServer({
        db: t.db,
        pool,
        projectId: fx.projectId,
        projectName: "Rewards",
        host: "0.0.0.0",
        port: 0,
        token: undefined,
        maxBodyBytes: MAX_BODY,
      }),
    ).rejects.toThrow(/Refusing to listen on 0.0.0.0/);
  });
});

describe("reward functions under python3 against the live server", { timeout: 120_000 }, () => {
  const write = (trainer: "verl" | "trl" | "openrlhf") => {
    const file = path.join(dir, REWARD_FUNCTION_FILES[trainer]);
    fs.writeFileSync(
      file,
      rewardFunctionFile(trainer, {
        projectName: "Rewards\nwith a newline",
        rewardUrl: "http://127.0.0.1:9/unused",
        exportFile: "x.parquet",
      }),
    );
    return path.basename(file, ".py");
  };

  it("verl: compute_score and compute_score_batch", async () => {
    const mod = write("verl");
    const out = await python(`
import json
from ${mod} import compute_score, compute_score_batch
single = [compute_score("autoif", s, g, {"split": "train", "index": 0}) for s, g in [("owls.", ${JSON.stringify(key(0))}), ("OWLS", ${JSON.stringify(key(0))}), ("owls", "i999-abcdefabcdef")]]
batch = compute_score_batch(data_sources=["autoif"] * 2, solution_strs=["an owl", "nothing"], ground_truths=[${JSON.stringify(key(1))}] * 2, extra_infos=[{}, {}], extra_kwarg=1)
print(json.dumps({"single": single, "batch": batch, "types": [type(x).__name__ for x in single + batch]}))
`);
    expect(out.stderr).toBe("");
    expect(JSON.parse(out.stdout)).toEqual({
      single: [1, expectedPassRate(fx.counted[0]!, "OWLS"), 0],
      batch: [1, expectedPassRate(fx.counted[1]!, "nothing")],
      types: ["float", "float", "float", "float", "float"],
    });
  });

  it("TRL: reward_func with standard and conversational completions, the label column as a keyword", async () => {
    const mod = write("trl");
    const out = await python(`
import json
from ${mod} import reward_func
standard = reward_func(prompts=["p", "p"], completions=["owls", "OWLS"], completion_ids=[[1], [2]], label=[${JSON.stringify(key(0))}] * 2, trainer_state=None)
conv = reward_func(prompts=[[{"role": "user", "content": "p"}]] * 2, completions=[[{"role": "assistant", "content": "an owl"}], [{"role": "assistant", "content": "no bird"}]], label=[${JSON.stringify(key(1))}] * 2)
try:
    reward_func(prompts=["p"], completions=["x"], other=[1])
    missing = None
except ValueError as e:
    missing = str(e)
print(json.dumps({"standard": standard, "conv": conv, "missing": missing, "name": reward_func.__name__}))
`);
    expect(out.stderr).toBe("");
    expect(JSON.parse(out.stdout)).toEqual({
      standard: [1, expectedPassRate(fx.counted[0]!, "OWLS")],
      conv: [1, expectedPassRate(fx.counted[1]!, "no bird")],
      missing: expect.stringMatching(/needs the dataset column 'label'.*\['other'\]/),
      name: "autoif_pass_rate",
    });
  });

  it("OpenRLHF: reward_func(queries, prompts, labels) with the prompt inside the query", async () => {
    const mod = write("openrlhf");
    const items = [
      item(key(0), "q", "owls"),
      item(key(0), "q", "<think>HM</think>OWLS"),
      item("unknown", "q", "owls"),
    ];
    const out = await python(`
import json
from ${mod} import reward_func
r = reward_func(${JSON.stringify(items.map((i) => i.query))}, ${JSON.stringify(items.map((i) => i.prompt))}, ${JSON.stringify(items.map((i) => i.label))})
print(json.dumps(r))
`);
    expect(out.stderr).toBe("");
    const r = JSON.parse(out.stdout) as Answer;
    expect(r.rewards).toEqual([1, 0.5, 0]);
    expect(r.scores).toEqual([1, 0.5, 0]);
    expect(r.extra_logs.unscored).toEqual([0, 0, 1]);
  });

  it("a refusal reaches python as RewardServerError naming the reason; an unreachable server after the retries", async () => {
    const mod = write("openrlhf");
    const out = await python(`
from ${mod} import autoif_rewards, RewardServerError
try:
    autoif_rewards(["a"] * 400, ["a"] * 400, ["x"] * 400)
except RewardServerError as e:
    print("refused:", e)
`);
    // 400 items in one request: over this server's limit of 300 (the client's batch is 1,024).
    expect(out.stdout).toMatch(
      /refused: reward server at .* answered 413: The request has 400 items; the limit is 300/,
    );
    const down = await python(
      `
from ${mod} import autoif_rewards, RewardServerError
try:
    autoif_rewards(["a"], ["a"], ["x"])
except RewardServerError as e:
    print("down:", e)
`,
      { AUTOIF_REWARD_URL: "http://127.0.0.1:9/", AUTOIF_REWARD_RETRIES: "1" },
    );
    expect(down.stdout).toMatch(/down: reward server at http:\/\/127.0.0.1:9\/ failed 1 times/);
  });
});

describe("the request log", () => {
  it("counts every request and never stores a text", () => {
    const summary = rewardRequestSummary(t.db, fx.projectId);
    expect(summary.totals.requests).toBeGreaterThan(10);
    expect(summary.totals.refused).toBeGreaterThan(5);
    const everything = JSON.stringify(t.db.select().from(rewardRequests).all());
    for (const text of ["owls hoot at night", "Tell me about owls", "<|im_start|>", "BOOM"])
      expect(everything).not.toContain(text);
  });
});
