import { afterAll, describe, expect, it } from "vitest";
import { createBrowserVerifierClient, type WorkerLike } from "./browserClient";
import type { WorkerReply } from "./protocol";
import { serveVerifierWorker, type VerifierWorkerScope } from "./serveVerifierWorker";
import { nodeWasmModule } from "./testing/nodeWasmModule";

// A Web Worker stand-in running the real worker code in this thread, with asynchronous messages
// like a real one. It checks the client <-> worker protocol; the watchdog's terminate-and-replace
// needs a real thread (workerSupervisor.test.ts, server/sandbox tests, and Playwright).
function inProcessWorker(): WorkerLike {
  const worker: WorkerLike = {
    onmessage: null,
    onerror: null,
    onmessageerror: null,
    postMessage: (message) =>
      setTimeout(() => scope.onmessage?.({ data: message } as MessageEvent<never>)),
    terminate: () => undefined,
  };
  const scope: VerifierWorkerScope = {
    onmessage: null,
    postMessage: (reply) =>
      setTimeout(() => worker.onmessage?.({ data: reply } as MessageEvent<WorkerReply>)),
  };
  serveVerifierWorker(scope);
  return worker;
}

const client = createBrowserVerifierClient({
  createWorker: inProcessWorker,
  wasm: nodeWasmModule(),
});
afterAll(() => client.terminate());

describe("browser verifier client", () => {
  it("evaluates responses in the worker", async () => {
    const outcomes = await client.evaluate("function evaluate(r) { return r.endsWith('!'); }", [
      "hi!",
      "hi",
    ]);
    expect(outcomes.map((o) => o.verdict)).toEqual(["pass", "fail"]);
  });

  it("gives compile errors with line and column for an editor marker", async () => {
    const result = await client.compile("function evaluate(r) {\n  return r.length >;\n}");
    expect(result).toMatchObject({ ok: false, error: { line: 2, column: 20 } });
    expect(result.ok === false && result.error.message).toMatch(/^SyntaxError/);
  });

  it("shows a time-out for a verifier that loops forever", async () => {
    const [outcome] = await client.evaluate("function evaluate(r) { for (;;) {} }", ["x"], {
      deadlineMs: 100,
    });
    expect(outcome).toMatchObject({ verdict: "error", kind: "timeout" });
  });
});
