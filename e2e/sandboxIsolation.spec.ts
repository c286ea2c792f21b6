import { expect, test, type Page } from "@playwright/test";
import type { CompileResult, Outcome } from "../lib/verifier/outcome";
import { DEEP_NESTING } from "../lib/verifier/testing/deepNesting";
import { freshEngineReference } from "../lib/verifier/testing/freshReference";
import { isolationSeeds } from "../lib/verifier/testing/isolationSeeds";
import {
  HOSTILE_ISOLATION_VERIFIERS,
  ISOLATION_LIMITS,
  isolationSchedule,
  runIsolationSchedule,
} from "../lib/verifier/testing/isolationVerifiers";
import { hostOf, pasteCode } from "./monaco";

// The isolation promise in Chromium, on the studio's own browser worker (the script Next built
// from lib/verifier/browserWorker.ts): the page records the worker the playground starts, and
// the test drives one more worker of that script directly over the worker protocol, so a whole
// seeded schedule runs on one worker without the UI in between. The UI checks come last.

const status = (page: Page) => page.getByRole("main").getByRole("status");
const codeEditor = (page: Page) => hostOf(page.getByRole("textbox", { name: "Verifier code" }));
const outcomeCell = (page: Page, n: number) =>
  page
    .getByRole("row", { name: `Response ${n}`, exact: true })
    .getByRole("cell")
    .nth(2);

interface IsolationDriver {
  evaluate(source: string, responses: string[], limits: object): Promise<Outcome[]>;
  compile(source: string): Promise<CompileResult>;
  crashes(): string[];
}
declare global {
  interface Window {
    verifierWorkers?: { url: string; options?: WorkerOptions }[];
    isolationDriver?: IsolationDriver;
  }
}

/** Opens the playground, runs its example once (so the app starts its worker) and starts a driver on that worker's script. */
async function startDriver(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Original = window.Worker;
    const made: { url: string; options?: WorkerOptions }[] = [];
    window.verifierWorkers = made;
    window.Worker = class extends Original {
      constructor(url: string | URL, options?: WorkerOptions) {
        made.push({ url: String(url), options });
        super(url, options);
      }
    };
  });
  await page.goto("/playground");
  await page.getByRole("button", { name: "Run in browser sandbox" }).click();
  await expect(status(page)).toHaveText(/^Done/, { timeout: 30_000 });
  const made = await page.evaluate(() => window.verifierWorkers?.[0]);
  expect(made, "the playground started a verifier worker").toBeTruthy();
  await page.evaluate(async ({ url: workerUrl, options }) => {
    const wasm = await WebAssembly.compileStreaming(fetch("/api/sandbox/quickjs.wasm"));
    const worker = new Worker(workerUrl, options);
    const crashes: string[] = [];
    type Waiting = {
      outcomes: Outcome[];
      resolve: (value: never) => void;
      reject: (error: Error) => void;
    };
    const waiting = new Map<number, Waiting>();
    let nextId = 1;
    await new Promise<void>((ready, fail) => {
      worker.onmessage = (event: MessageEvent) => {
        const reply = event.data as {
          type: string;
          id: number;
          start: number;
          outcomes: Outcome[];
          result: CompileResult;
          message: string;
        };
        if (reply.type === "ready") return ready();
        const entry = waiting.get(reply.id);
        if (entry === undefined) return;
        if (reply.type === "outcomes") {
          entry.outcomes.splice(reply.start, reply.outcomes.length, ...reply.outcomes);
          return;
        }
        // The engine being rebuilt after a limit: the supervisor pauses its watchdog; not an answer.
        if (reply.type === "rebuilding") return;
        waiting.delete(reply.id);
        if (reply.type === "done") entry.resolve(entry.outcomes as never);
        else if (reply.type === "compiled") entry.resolve(reply.result as never);
        else entry.reject(new Error(`the worker failed (${reply.type}): ${reply.message}`));
      };
      worker.onerror = (event) => {
        fail(new Error(`the verifier worker at ${workerUrl} failed: ${event.message}`));
        crashes.push(event.message || "worker error");
        for (const entry of waiting.values())
          entry.reject(new Error(`the worker crashed: ${event.message}`));
        waiting.clear();
      };
      worker.postMessage({ type: "init", wasm });
    });
    const send = <T>(request: object) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { outcomes: [], resolve: resolve as (value: never) => void, reject });
        worker.postMessage({ ...request, id });
      });
    window.isolationDriver = {
      evaluate: (source, responses, limits) =>
        send({ type: "evaluate", source, responses, limits }),
      compile: (source) => send({ type: "compile", source, limits: {} }),
      crashes: () => [...crashes],
    };
  }, made!);
}

const evaluateInBrowser = (page: Page) => (source: string, responses: string[]) =>
  page.evaluate(
    ({ source, responses, limits }) => window.isolationDriver!.evaluate(source, responses, limits),
    {
      source,
      responses,
      limits: ISOLATION_LIMITS,
    },
  );

test("random interleavings on one browser worker give every outcome a fresh engine gives", async ({
  page,
}) => {
  test.setTimeout(1_500_000);
  const reference = await freshEngineReference();
  await startDriver(page);
  const problems: string[] = [];
  for (const seed of isolationSeeds([21])) {
    problems.push(
      ...(await runIsolationSchedule(
        seed,
        isolationSchedule(seed, 30),
        reference,
        evaluateInBrowser(page),
      )),
    );
  }
  expect(problems).toEqual([]);
  expect(await page.evaluate(() => window.isolationDriver!.crashes())).toEqual([]);
});

test("deep nesting is a located compile error in the browser worker, which keeps serving", async ({
  page,
}) => {
  test.setTimeout(300_000);
  await startDriver(page);
  for (const { label, source } of DEEP_NESTING) {
    const result = await page.evaluate((s) => window.isolationDriver!.compile(s), source);
    expect(result, label).toMatchObject({
      ok: false,
      error: { line: expect.any(Number), column: expect.any(Number) },
    });
    const outcomes = await page.evaluate(
      (s) => window.isolationDriver!.evaluate(s, ["a"], {}),
      source,
    );
    expect(
      outcomes.map((o) => o.verdict === "error" && o.kind),
      label,
    ).toEqual(["compile"]);
    const known = await page.evaluate(() =>
      window.isolationDriver!.evaluate(
        "function evaluate(r) { return r === 'ok'; }",
        ["ok", "no"],
        {},
      ),
    );
    expect(
      known.map((o) => o.verdict),
      label,
    ).toEqual(["pass", "fail"]);
  }
  expect(await page.evaluate(() => window.isolationDriver!.crashes())).toEqual([]);
});

test("in the playground, one response six times gets six identical verdicts from a verifier that counts on its wrapper", async ({
  page,
}) => {
  await page.goto("/playground");
  const wrapperCounter = HOSTILE_ISOLATION_VERIFIERS[0]!;
  await pasteCode(page, codeEditor(page), wrapperCounter.source);
  await page.getByLabel("Responses").fill(Array(6).fill("the same response").join("\n---\n"));
  await expect(page.getByText("6 responses", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Run in browser sandbox" }).click();
  await expect(status(page)).toHaveText("Done: 6 responses: 6 pass, 0 fail, 0 error", {
    timeout: 30_000,
  });
  for (const n of [1, 2, 3, 4, 5, 6]) await expect(outcomeCell(page, n)).toHaveText(/^pass/);
});

test("in the playground, 200,000 nested ( is a compile error at a line and column, and the next run works", async ({
  page,
}) => {
  await page.goto("/playground");
  await pasteCode(
    page,
    codeEditor(page),
    `function evaluate(response) {\n  return ${"(".repeat(200_000)}1;\n}\n`,
  );
  await page.getByRole("button", { name: "Run in browser sandbox" }).click();
  await expect(status(page)).toHaveText(/^The verifier did not compile/, { timeout: 30_000 });
  await expect(page.getByRole("main").getByRole("alert")).toContainText(
    /Compile error at line 2, column \d+/,
  );
  await expect(page.getByRole("main").getByRole("alert")).toContainText("nested too deeply");
  await pasteCode(
    page,
    codeEditor(page),
    "function evaluate(response) {\n  return response.length > 3;\n}\n",
  );
  await page.getByLabel("Responses").fill("long enough\n---\nno");
  await page.getByRole("button", { name: "Run in browser sandbox" }).click();
  await expect(status(page)).toHaveText("Done: 2 responses: 1 pass, 1 fail, 0 error", {
    timeout: 30_000,
  });
});
