import { describe, expect, it } from "vitest";
import type { WorkerReply, WorkerRequest } from "./protocol";
import { VerifierWorkerSupervisor, type SpawnVerifierWorker } from "./workerSupervisor";

// A scripted stand-in for a worker: "ok" passes, "no" fails, "wedge" never answers,
// "crash" kills the worker (every time, or only in the first worker when crashOnce is set),
// "rebuild" first rebuilds its engine for 200 ms (far past a 50 ms call budget), then passes.
function fakeSpawner(
  options: { crashOnce?: boolean } = {},
): SpawnVerifierWorker & { spawned: number } {
  const spawner = Object.assign(
    ({ onReply, onCrash }: { onReply(r: WorkerReply): void; onCrash(reason: string): void }) => {
      spawner.spawned += 1;
      const generation = spawner.spawned;
      let alive = true;
      queueMicrotask(() => onReply({ type: "ready" }));
      return {
        post(request: WorkerRequest) {
          if (request.type !== "evaluate") return;
          void (async () => {
            for (const [index, response] of request.responses.entries()) {
              await new Promise((resolve) => setTimeout(resolve, 1));
              if (!alive || response === "wedge") return;
              if (response === "crash" && (!options.crashOnce || generation === 1))
                return onCrash("boom");
              if (response === "rebuild") {
                onReply({ type: "rebuilding", id: request.id, phase: "start" });
                await new Promise((resolve) => setTimeout(resolve, 200));
                onReply({ type: "rebuilding", id: request.id, phase: "end" });
              }
              onReply({
                type: "outcomes",
                id: request.id,
                start: index,
                outcomes: [{ verdict: response === "no" ? "fail" : "pass", durationMs: 1 }],
              });
            }
            onReply({ type: "done", id: request.id });
          })();
        },
        terminate() {
          alive = false;
        },
      };
    },
    { spawned: 0 },
  );
  return spawner;
}

const kinds = (outcomes: { verdict: string; kind?: string }[]) =>
  outcomes.map((o) => o.kind ?? o.verdict);

describe("worker supervisor", () => {
  it("turns a wedged call into a time-out and finishes the batch on a new worker", async () => {
    const spawn = fakeSpawner();
    const supervisor = new VerifierWorkerSupervisor(spawn, { graceMs: 20 });
    const outcomes = await supervisor.evaluate("src", ["ok", "wedge", "no", "ok"], {
      deadlineMs: 30,
    });
    expect(kinds(outcomes)).toEqual(["pass", "timeout", "fail", "pass"]);
    expect(supervisor.replacements).toBe(1);
    supervisor.terminate();
  });

  it("retries a crashed batch once from the call that crashed", async () => {
    const supervisor = new VerifierWorkerSupervisor(fakeSpawner({ crashOnce: true }), {
      graceMs: 20,
    });
    const outcomes = await supervisor.evaluate("src", ["ok", "crash", "no"], { deadlineMs: 30 });
    expect(kinds(outcomes)).toEqual(["pass", "pass", "fail"]);
    supervisor.terminate();
  });

  it("reports the rest of the batch as errors after a second crash", async () => {
    const supervisor = new VerifierWorkerSupervisor(fakeSpawner(), { graceMs: 20 });
    const outcomes = await supervisor.evaluate("src", ["ok", "crash", "ok"], { deadlineMs: 30 });
    expect(kinds(outcomes)).toEqual(["pass", "crash", "crash"]);
    const later = await supervisor.evaluate("src", ["ok", "no"], { deadlineMs: 30 });
    expect(kinds(later)).toEqual(["pass", "fail"]);
    supervisor.terminate();
  });

  it("does not count an engine rebuild as a call's time", async () => {
    const supervisor = new VerifierWorkerSupervisor(fakeSpawner(), { graceMs: 20 });
    const outcomes = await supervisor.evaluate("src", ["ok", "rebuild", "no"], { deadlineMs: 30 });
    expect(kinds(outcomes)).toEqual(["pass", "pass", "fail"]);
    expect(supervisor.replacements).toBe(0);
    supervisor.terminate();
  });

  it("runs queued jobs one after another, each with its own outcomes", async () => {
    const supervisor = new VerifierWorkerSupervisor(fakeSpawner(), { graceMs: 20 });
    const [a, b] = await Promise.all([
      supervisor.evaluate("a", ["ok"]),
      supervisor.evaluate("b", ["no", "ok"]),
    ]);
    expect([kinds(a), kinds(b)]).toEqual([["pass"], ["fail", "pass"]]);
    supervisor.terminate();
  });
});
