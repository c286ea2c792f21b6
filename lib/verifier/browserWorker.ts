// Web Worker entry for the studio. Create it with
//   new Worker(new URL("@/lib/verifier/browserWorker.ts", import.meta.url), { type: "module" })
// (Next 16 bundles it with webpack or Turbopack) and drive it with createBrowserVerifierClient.
import { serveVerifierWorker, type VerifierWorkerScope } from "./serveVerifierWorker";

serveVerifierWorker(globalThis as unknown as VerifierWorkerScope);
