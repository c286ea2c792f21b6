import "server-only";
import { availableParallelism } from "node:os";
import { createVerifierPool, type VerifierPool } from "./pool";

const globalForPool = globalThis as unknown as { autoifVerifierPool?: VerifierPool };

/**
 * The web server's one verifier pool, started on first use (a studio that never saves a verifier
 * never starts a worker) and kept on globalThis so dev reloads do not start another. Two workers
 * at most: saves are small, and pipeline runs use their own process and pool.
 */
export function getVerifierPool(): VerifierPool {
  globalForPool.autoifVerifierPool ??= createVerifierPool({
    size: Math.min(2, availableParallelism()),
  });
  return globalForPool.autoifVerifierPool;
}
