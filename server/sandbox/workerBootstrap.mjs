// Worker-thread entry when server/sandbox runs as TypeScript (tsx CLI, vitest): `--import tsx`
// in a worker's execArgv is not honoured on Node 20, so register tsx here, then load worker.ts.
import { tsImport } from "tsx/esm/api";

await tsImport("./worker.ts", import.meta.url);
