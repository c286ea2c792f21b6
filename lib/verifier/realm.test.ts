import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVerifierEngine, type VerifierEngine } from "./engine";
import { EXPLORE_REALM_SOURCE } from "./realmExplorer";
import { nodeWasmModule } from "./testing/nodeWasmModule";

// The freezing pass is checked from inside the finished realm, as a verifier: explore it far more
// deeply than the realm does when it is built (rounds of calling and constructing every function
// reached, on fresh receivers, with every argument set), twice; whatever both explorations reach
// was not made by them, so it is shared between calls, and must be frozen and hold no mutable
// internal state (a frozen Map's entries can still change).
const AUDIT = `
const explore = ${EXPLORE_REALM_SOURCE};
const brands = [Map.prototype.has, Set.prototype.has, WeakMap.prototype.has, WeakSet.prototype.has,
  Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength").get,
  Object.getOwnPropertyDescriptor(DataView.prototype, "byteLength").get,
  Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Int8Array.prototype), "length").get];
const source = Object.getOwnPropertyDescriptor(RegExp.prototype, "source").get;
function stateful(o) {
  for (const brand of brands) { try { Reflect.apply(brand, o, []); return true; } catch (e) {} }
  if (o === RegExp.prototype) return false;
  try { Reflect.apply(source, o, []); return true; } catch (e) { return false; }
}
function evaluate(response) {
  const options = JSON.parse(response);
  const a = explore(options), b = explore(options);
  let shared = 0;
  const problems = [];
  for (const o of a.objects.keys()) {
    if (!b.objects.has(o)) continue;
    shared += 1;
    if (!Object.isFrozen(o)) problems.push(a.pathOf(o) + " is not frozen");
    else if (stateful(o)) problems.push(a.pathOf(o) + " holds mutable internal state");
  }
  throw JSON.stringify({ reached: a.objects.size, shared, problems: problems.slice(0, 20), count: problems.length });
}`;

let engine: VerifierEngine;
beforeAll(async () => {
  engine = await createVerifierEngine({ wasmModule: nodeWasmModule() });
});
afterAll(() => engine.dispose());

async function audit(
  options: object,
): Promise<{ reached: number; shared: number; problems: string[]; count: number }> {
  const [outcome] = await engine.evaluate(AUDIT, [JSON.stringify(options)], {
    deadlineMs: 240_000,
    memoryBytes: 512 * 1024 * 1024,
  });
  if (outcome?.verdict !== "error" || outcome.kind !== "thrown")
    throw new Error(`the audit did not report: ${JSON.stringify(outcome)}`);
  return JSON.parse(
    outcome.message.replace(/^threw /, "").replace(/ \(line \d+, column \d+\)$/, ""),
  ) as never;
}

describe("the realm's freezing pass is complete", () => {
  it("leaves nothing shared unfrozen that the global object and fresh instances reach", async () => {
    const result = await audit({ constructors: true });
    expect(result.problems).toEqual([]);
    expect(result.shared).toBeGreaterThan(500);
  });

  it(
    "leaves nothing shared unfrozen that probing every function reaches",
    { timeout: 300_000 },
    async () => {
      const result = await audit({ constructors: true, rounds: 2, full: true });
      expect(result.problems).toEqual([]);
      expect(result.shared).toBeGreaterThan(500);
    },
  );

  it.each([
    ["Iterator.from wrapper", "Iterator.from({ next() { return { done: true }; } })"],
    ["Iterator.concat helper", "Iterator.concat()"],
    ["iterator helper", "[].values().map((x) => x)"],
    ["array iterator", "[].values()"],
    ["string iterator", "''[Symbol.iterator]()"],
    ["map iterator", "new Map().keys()"],
    ["set iterator", "new Set().entries()"],
    ["regexp string iterator", "'a'.matchAll(/a/g)"],
    ["typed array iterator", "new Float64Array(2).keys()"],
    ["generator", "Object.getPrototypeOf((function* () {})())"],
    ["async generator", "Object.getPrototypeOf((async function* () {})())"],
    ["promise", "Promise.resolve(1)"],
    ["error", "new AggregateError([])"],
    ["arguments", "(function () { return arguments; })()"],
  ])("freezes the whole prototype chain of a fresh %s", async (_label, make) => {
    const source = `function evaluate(r) { let p = Object.getPrototypeOf(${make}); const bad = [];
      for (let d = 0; p !== null; d++, p = Object.getPrototypeOf(p)) if (!Object.isFrozen(p)) bad.push(d);
      return bad.length === 0; }`;
    expect((await engine.evaluate(source, ["x"]))[0]).toMatchObject({ verdict: "pass" });
  });
});
