// Test-only (Node): the isolation reference from a new in-thread engine for every call.
import { createVerifierEngine } from "../engine";
import {
  ISOLATION_LIMITS,
  isolationReference,
  type IsolationReference,
} from "./isolationVerifiers";
import { nodeWasmModule } from "./nodeWasmModule";

/** Each (verifier, response) of the isolation suite on an engine made for that one call. */
export function freshEngineReference(): Promise<IsolationReference> {
  return isolationReference(async (source, response) => {
    const fresh = await createVerifierEngine({ wasmModule: nodeWasmModule() });
    try {
      return (await fresh.evaluate(source, [response], ISOLATION_LIMITS))[0];
    } finally {
      fresh.dispose();
    }
  });
}
