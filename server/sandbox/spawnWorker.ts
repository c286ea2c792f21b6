import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { WorkerReply } from "@/lib/verifier/protocol";
import type { SpawnVerifierWorker } from "@/lib/verifier/workerSupervisor";

export type NodeWorkerOptions =
  | { language?: "javascript"; wasmModule: WebAssembly.Module; wasmMemoryMaxBytes?: number }
  | { language: "python"; indexURL: string; wasmMemoryMaxBytes?: number };

/**
 * Spawns server/sandbox/worker.ts as a worker thread. We ship no build step for it: when this
 * file runs as TypeScript (tsx CLI, vitest, `next dev` with the Node runtime), the worker is
 * started through workerBootstrap.mjs, which loads it with tsx; a compiled `.js` is started as is.
 */
export function nodeWorkerSpawner(options: NodeWorkerOptions): SpawnVerifierWorker {
  const entry = workerEntry();
  return ({ onReply, onCrash }) => {
    // Shared progress lets the worker report outcomes in chunks while the watchdog stays exact.
    const progress = new Int32Array(new SharedArrayBuffer(8));
    // Python only: the watchdog raises KeyboardInterrupt through it at the deadline.
    const interrupt =
      options.language === "python" ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
    const worker = new Worker(entry, { workerData: { ...options, progress, interrupt } });
    let terminated = false;
    worker.on("message", (reply: WorkerReply) => onReply(reply));
    worker.on("error", (error) => onCrash(`${error.name}: ${error.message}`));
    worker.on("exit", (code) => {
      if (!terminated) onCrash(`the worker exited with code ${code}`);
    });
    return {
      progress,
      interrupt,
      post: (request) => worker.postMessage(request),
      terminate: () => {
        terminated = true;
        void worker.terminate();
      },
    };
  };
}

/**
 * The worker's entry file. Inside Next's production server this module is bundled into a chunk,
 * so a path relative to `import.meta.url` names nothing on disk; there the bootstrap is found
 * from the working directory, the repository root that `npm start` runs in.
 */
function workerEntry(): URL {
  const isTypeScript = import.meta.url.endsWith(".ts");
  const beside = new URL(isTypeScript ? "./workerBootstrap.mjs" : "./worker.js", import.meta.url);
  if (beside.protocol === "file:" && existsSync(fileURLToPath(beside))) return beside;
  return pathToFileURL(path.join(process.cwd(), "server/sandbox/workerBootstrap.mjs"));
}
