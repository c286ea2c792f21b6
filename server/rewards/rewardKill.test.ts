import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { rewardRequests } from "@/db/schema";
import { createTestDb } from "@/db/testing/testDb";
import { instructionKey } from "@/lib/rl/instructionKey";
import { expectedPassRate, seedRewardProject } from "./testing/rewardFixture";

const t = createTestDb();
const fx = seedRewardProject(t.db);
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  t.cleanup();
});

/** `npm run autoif -- rewards serve` as a child on the test's database; resolves with its URL once it listens. */
function serve(env: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      "server/cli/main.ts",
      "rewards",
      "serve",
      "--project",
      String(fx.projectId),
      "--port",
      "0",
      "--workers",
      "1",
    ],
    {
      env: { ...process.env, AUTOIF_DB_PATH: t.file, AUTOIF_SKIP_EXAMPLE: "1", ...env },
    },
  );
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const url = new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const match = /serving project .* on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`rewards serve exited (${code ?? signal}) before listening: ${stderr}`)),
    );
  });
  return { child, url, exited, stderr: () => stderr };
}

const prompt = "<|im_start|>user\nTell me about owls<|im_end|>\n<|im_start|>assistant\n";
const responses = ["owls hoot.", "OWLS HOOT", "owl"];
const body = JSON.stringify({
  query: responses.map((r) => `${prompt}${r}<|im_end|>`),
  prompts: responses.map(() => prompt),
  labels: responses.map(() => instructionKey(fx.instructions[0]!.number, fx.instructions[0]!.hash)),
});
const post = (url: string) =>
  fetch(`${url}/`, { method: "POST", headers: { "content-type": "application/json" }, body });

describe("rewards serve killed mid-request", { timeout: 300_000 }, () => {
  it("dies after scoring, before logging or answering: the trainer sees the connection drop, nothing is logged, a restarted server answers the same", async () => {
    const first = serve({ AUTOIF_TEST_KILL_AT: "rewards:1" });
    const url = await first.url;
    await expect(post(url)).rejects.toThrow();
    expect((await first.exited).signal).toBe("SIGKILL");
    expect(t.db.select().from(rewardRequests).all()).toEqual([]);

    const second = serve();
    const answer = await post(await second.url);
    expect(answer.status).toBe(200);
    const json = (await answer.json()) as { rewards: number[] };
    expect(json.rewards).toEqual(responses.map((r) => expectedPassRate(fx.counted[0]!, r)));
    expect(t.db.select().from(rewardRequests).all()).toMatchObject([
      { origin: "serve", status: 200, items: 3, evaluations: 6 },
    ]);
    second.child.kill("SIGTERM");
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.stderr()).toBe("");
  });
});
