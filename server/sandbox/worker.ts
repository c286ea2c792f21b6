// worker_threads entry: one verifier engine per thread (QuickJS, or Pyodide for Python), fed by
// server/sandbox/spawnWorker.ts.
import { parentPort, workerData } from "node:worker_threads";
import type { WorkerReply, WorkerRequest } from "../../lib/verifier/protocol";
import { startVerifierWorker } from "../../lib/verifier/workerHandler";

type VerifierWorkerData =
  | {
      language?: "javascript";
      wasmModule: WebAssembly.Module;
      wasmMemoryMaxBytes?: number;
      progress: Int32Array;
    }
  | {
      language: "python";
      indexURL: string;
      wasmMemoryMaxBytes?: number;
      progress: Int32Array;
      interrupt: Int32Array;
    };

const port = parentPort;
if (port === null) throw new Error("server/sandbox/worker.ts must run in a worker thread");
const data = workerData as VerifierWorkerData;

// Listen first and hold requests until the engine exists, so none is lost during start-up.
const early: WorkerRequest[] = [];
const engine: { handle?: (request: WorkerRequest) => void } = {};
port.on("message", (request: WorkerRequest) =>
  engine.handle ? engine.handle(request) : early.push(request),
);

const post = (reply: WorkerReply) => port.postMessage(reply);
const handle =
  data.language === "python"
    ? await (
        await import("../../lib/verifier/python/pythonWorker")
      ).startPythonVerifierWorker(post, data)
    : await startVerifierWorker(data.wasmModule, post, {
        wasmMemoryMaxBytes: data.wasmMemoryMaxBytes,
        progress: data.progress,
      });
engine.handle = handle;
for (const request of early.splice(0)) handle(request);
