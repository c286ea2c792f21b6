/**
 * The metamorphic isolation suite (docs/design.md section 4; issue 13, section 1): hostile verifiers that
 * try to leave state anywhere a later call could see it, honest verifiers whose verdict changes if
 * any such state leaked, and a seeded schedule that runs them in random interleavings, batch
 * positions and orders on one worker. Every outcome must equal the outcome of a fresh engine on
 * that one response. Shared by lib/verifier and server/sandbox tests, the browser e2e spec and the
 * reliability report, so they all attack with the same set.
 */
import { seededRandom } from "../../autoif/seededSample";
import type { VerifierLimits } from "../limits";
import type { Outcome } from "../outcome";

/**
 * Limits for every isolation run: a deadline far beyond any verifier here, so a busy machine
 * never turns a verdict into a time-out (that would be timing, not leaked state).
 */
export const ISOLATION_LIMITS: Partial<VerifierLimits> = Object.freeze({ deadlineMs: 30_000 });

export interface IsolationVerifier {
  label: string;
  /** hostile: writes state and reports whether it saw earlier state; honest: an ordinary check. */
  role: "hostile" | "honest";
  source: string;
}

// Each hostile verifier returns true only when it sees no state from an earlier call, so a leak
// shows as a verdict that differs from a fresh engine's even where the write itself is ignored.
const hostile = (label: string, source: string): IsolationVerifier => ({
  label,
  role: "hostile",
  source,
});
const honest = (label: string, source: string): IsolationVerifier => ({
  label,
  role: "honest",
  source,
});

export const HOSTILE_ISOLATION_VERIFIERS: readonly IsolationVerifier[] = [
  hostile(
    "a counter on the wrapper (arguments.callee)",
    "var top = arguments.callee;\ntop.calls = (top.calls || 0) + 1;\nfunction evaluate(response) { return top.calls === 1; }",
  ),
  hostile(
    "a counter on the wrapper's prototype",
    "var proto = arguments.callee.prototype;\nproto.calls = (proto.calls || 0) + 1;\nfunction evaluate(response) { return proto.calls === 1; }",
  ),
  hostile(
    "a counter on evaluate itself and its prototype",
    "function evaluate(response) {\n  evaluate.n = (evaluate.n || 0) + 1; evaluate.prototype.n = (evaluate.prototype.n || 0) + 1;\n  return evaluate.n === 1 && evaluate.prototype.n === 1;\n}",
  ),
  hostile(
    "globals: property, implicit global, indirect eval var and let",
    "function evaluate(response) {\n  var seen = typeof leakedGlobal !== 'undefined' || 'leakedProp' in globalThis;\n  try { globalThis.leakedProp = 1; } catch (e) {}\n  try { leakedGlobal = 1; } catch (e) {}\n  try { (0, eval)('var leakedVar = 1; let leakedLet = 1;'); } catch (e) {}\n  try { seen = seen || typeof leakedVar !== 'undefined' || (0, eval)('typeof leakedLet') !== 'undefined'; } catch (e) {}\n  return !seen;\n}",
  ),
  hostile(
    "prototypes of Object, Array, String, Function",
    "function evaluate(response) {\n  var seen = 'leak' in {} || [].leak !== undefined || ''.leak !== undefined || (function () {}).leak !== undefined;\n  try { Object.prototype.leak = 1; } catch (e) {}\n  try { Array.prototype.push = function () { return -1; }; } catch (e) {}\n  try { String.prototype.includes = function () { return true; }; } catch (e) {}\n  try { Object.defineProperty(Function.prototype, 'leak', { value: 1 }); } catch (e) {}\n  try { Object.setPrototypeOf(Object.prototype, {}); } catch (e) {}\n  return !seen;\n}",
  ),
  hostile(
    "the Iterator.from wrapper's prototype",
    "function evaluate(response) {\n  var proto = Object.getPrototypeOf(Iterator.from({ next: function () { return { done: true }; } }));\n  var seen = Object.prototype.hasOwnProperty.call(proto, 'leak');\n  try { proto.next = function () { return { done: true }; }; } catch (e) {}\n  try { proto.leak = 1; } catch (e) {}\n  return !seen;\n}",
  ),
  hostile(
    "the Iterator.concat helper's prototype",
    "function evaluate(response) {\n  var proto = Object.getPrototypeOf(Iterator.concat());\n  var seen = Object.prototype.hasOwnProperty.call(proto, 'leak');\n  try { proto.next = function () { return { done: true }; }; } catch (e) {}\n  try { proto.leak = 1; } catch (e) {}\n  return !seen;\n}",
  ),
  hostile(
    "iterator, generator and async generator prototypes",
    "function evaluate(response) {\n  var protos = [[].values(), ''[Symbol.iterator](), new Map().entries(), new Set().values(), 'a'.matchAll(/a/g),\n    [].values().map(function (x) { return x; }), (function* () {})(), (async function* () {})(), new Uint8Array(1).values()]\n    .map(function (it) { return Object.getPrototypeOf(it); });\n  protos.push(Iterator.prototype, Object.getPrototypeOf(Object.getPrototypeOf((async function* () {})())));\n  var seen = protos.some(function (p) { return Object.prototype.hasOwnProperty.call(p, 'leak'); });\n  protos.forEach(function (p) { try { p.leak = 1; } catch (e) {} try { p.next = null; } catch (e) {} });\n  return !seen;\n}",
  ),
  hostile(
    "RegExp legacy statics and lastIndex of a shared regexp",
    "function evaluate(response) {\n  var seen = RegExp.$1 !== undefined || RegExp.lastMatch !== undefined || RegExp.input !== undefined;\n  /(l+)eak/.exec('a leak');\n  try { RegExp.$1 = 'leak'; RegExp.input = 'leak'; } catch (e) {}\n  try { RegExp.prototype.lastIndex = 5; } catch (e) {}\n  return !seen;\n}",
  ),
  hostile(
    "the Symbol registry (Symbol.for) as a key on shared objects",
    "function evaluate(response) {\n  var key = Symbol.for('autoif.leak');\n  var seen = Object.getOwnPropertySymbols(Object.prototype).length > 0 || Math[key] !== undefined;\n  try { Object.prototype[key] = 1; } catch (e) {}\n  try { Math[key] = 1; } catch (e) {}\n  try { Object.defineProperty(Symbol.prototype, key, { value: 1 }); } catch (e) {}\n  return !seen;\n}",
  ),
  hostile(
    "Error hooks: prepareStackTrace, stackTraceLimit, captureStackTrace",
    "function evaluate(response) {\n  var seen = 'prepareStackTrace' in Error || 'leak' in Error.prototype;\n  try { Error.prepareStackTrace = function () { return 'leak'; }; } catch (e) {}\n  try { Error.stackTraceLimit = 0; } catch (e) {}\n  try { Error.captureStackTrace = function () {}; } catch (e) {}\n  try { TypeError.prototype.leak = 1; } catch (e) {}\n  return !seen;\n}",
  ),
  hostile(
    "caches of intrinsics: Math.random, JSON, Reflect, Promise",
    "function evaluate(response) {\n  var first = Math.random();\n  for (var i = 0; i < 7; i++) Math.random();\n  try { Math.random = function () { return 0; }; } catch (e) {}\n  try { JSON.parse = function () { return 1; }; } catch (e) {}\n  try { Reflect.leak = 1; } catch (e) {}\n  try { Promise.prototype.then = null; } catch (e) {}\n  return first < 0.5;\n}",
  ),
  hostile(
    "the override-mistake accessors (constructor, toString, name, message)",
    "function evaluate(response) {\n  var seen = Object.prototype.toString.call([]) !== '[object Array]' || Error.prototype.name !== 'Error';\n  try { Object.prototype.toString = function () { return 'leak'; }; } catch (e) {}\n  try { Error.prototype.name = 'Leak'; } catch (e) {}\n  try { Object.prototype.constructor = null; } catch (e) {}\n  try { Object.getOwnPropertyDescriptor(Object.prototype, 'toString').set.call(Function.prototype, 1); } catch (e) {}\n  try { Object.getOwnPropertyDescriptor(Function.prototype, 'caller').get.leak = 1; } catch (e) {}\n  return !seen;\n}",
  ),
  hostile(
    "promise jobs queued for later",
    "function evaluate(response) {\n  var seen = 'late' in Object.prototype;\n  Promise.resolve().then(function () { try { Object.prototype.late = 1; } catch (e) {} });\n  new Promise(function (resolve) { resolve(); }).then(function () { globalThis.late = 1; });\n  return !seen;\n}",
  ),
  hostile(
    "template objects, unscopables and the global's prototype",
    "function tag(s) { return s; }\nfunction evaluate(response) {\n  var strings = tag`leak`;\n  var seen = 'leak' in strings || Array.prototype[Symbol.unscopables].leak !== undefined;\n  try { strings.leak = 1; } catch (e) {}\n  try { Array.prototype[Symbol.unscopables].leak = true; } catch (e) {}\n  try { Object.setPrototypeOf(globalThis, { leak: 1 }); } catch (e) {}\n  return !seen;\n}",
  ),
  hostile(
    "strict mode writes that throw",
    '"use strict";\nfunction evaluate(response) {\n  Object.prototype.leak = 1;\n  return true;\n}',
  ),
  hostile(
    "cyclic garbage left behind (30 MB)",
    "function evaluate(response) {\n  var all = [];\n  for (var i = 0; i < 240; i++) { var o = { s: 'g'.repeat(1 << 17) + i }; o.self = o; all.push(o); }\n  all.push(all);\n  return all.length > 0;\n}",
  ),
];

export const HONEST_ISOLATION_VERIFIERS: readonly IsolationVerifier[] = [
  honest("says please", "function evaluate(response) {\n  return response.includes('please');\n}"),
  honest(
    "counts words with iterator helpers",
    "function evaluate(response) {\n  var words = Iterator.from({ i: 0, parts: response.split(' '), next: function () {\n    return this.i < this.parts.length ? { value: this.parts[this.i++], done: false } : { value: undefined, done: true }; } });\n  return words.filter(function (w) { return w.length > 3; }).toArray().length >= 2\n    && Iterator.concat([1], [2]).toArray().join() === '1,2';\n}",
  ),
  honest(
    "generators and spread",
    "function* words(text) { yield* text.split(' '); }\nfunction evaluate(response) {\n  var lengths = [...words(response)].map(function (w) { return w.length; });\n  var list = []; list.push(1);\n  return lengths.length >= 1 && list.length === 1 && new Map([[1, 2]]).entries().next().value[1] === 2;\n}",
  ),
  honest(
    "regexps and a fresh object",
    "var re = /\\b(\\w+)\\b/g;\nfunction evaluate(response) {\n  var count = 0; while (re.exec(response) !== null) count++;\n  var o = {};\n  for (var key in o) return false;\n  return count >= 2 && typeof RegExp.$1 === 'undefined' && String(o) === '[object Object]' && o.constructor === Object;\n}",
  ),
  honest(
    "a top-level counter",
    "let calls = 0;\nfunction evaluate(response) {\n  calls += 1;\n  return calls === 1 && arguments.callee === evaluate && typeof evaluate.prototype === 'object';\n}",
  ),
  honest(
    "seeded Math.random and JSON",
    "function evaluate(response) {\n  var r = Math.random();\n  var parsed; try { parsed = JSON.parse('{\"a\":[1,2]}'); } catch (e) { return false; }\n  return r < 0.5 && parsed.a.length === 2 && response.length > 0;\n}",
  ),
  honest(
    "errors and their stacks",
    "function evaluate(response) {\n  try { null.x; } catch (e) { return e instanceof TypeError && e.name === 'TypeError' && typeof e.stack === 'string' && !('leak' in e) && response.length < 40; }\n  return false;\n}",
  ),
  honest(
    "nothing extra on shared objects",
    "function evaluate(response) {\n  return Object.getOwnPropertySymbols(Object.prototype).length === 0 && !('late' in Object.prototype)\n    && Object.getPrototypeOf(globalThis) === Object.prototype && Object.isFrozen(Object.getPrototypeOf(Iterator.concat()))\n    && Reflect.ownKeys(globalThis).length > 40 && response !== 'no';\n}",
  ),
  honest(
    "40 MB of strings (fits the 64 MiB limit on a fresh engine)",
    "function evaluate(response) {\n  var parts = [];\n  for (var i = 0; i < 320; i++) parts.push('y'.repeat(1 << 17) + i);\n  return parts.length === 320 && response.length > 1;\n}",
  ),
];

export const ISOLATION_VERIFIERS: readonly IsolationVerifier[] = [
  ...HOSTILE_ISOLATION_VERIFIERS,
  ...HONEST_ISOLATION_VERIFIERS,
];

/** Responses the schedule draws from (repeats are the point: one response, many positions). */
export const ISOLATION_RESPONSES: readonly string[] = [
  "please help me with this",
  "no",
  "four long words here",
  "x",
];

/** One batch: a verifier evaluated on responses (indexes into the two lists above). */
export interface IsolationStep {
  verifier: number;
  responses: number[];
}

/**
 * A random interleaving of `steps` batches: each a random verifier on 1-8 random responses.
 * Every schedule starts with one batch of the same response six times for a random verifier.
 */
export function isolationSchedule(
  seed: number,
  steps: number,
  verifiers: readonly IsolationVerifier[] = ISOLATION_VERIFIERS,
): IsolationStep[] {
  const next = seededRandom(seed);
  const pick = (n: number) => Math.floor(next() * n);
  const schedule: IsolationStep[] = [
    {
      verifier: pick(verifiers.length),
      responses: Array(6).fill(pick(ISOLATION_RESPONSES.length)),
    },
  ];
  while (schedule.length < steps) {
    const length = 1 + pick(8);
    schedule.push({
      verifier: pick(verifiers.length),
      responses: Array.from({ length }, () => pick(ISOLATION_RESPONSES.length)),
    });
  }
  return schedule;
}

/** What an outcome says, without its duration: the thing that must not change. */
export function outcomeKey(outcome: Outcome | undefined): string {
  if (outcome === undefined) return "missing";
  return outcome.verdict === "error"
    ? `error:${outcome.kind}: ${outcome.message}`
    : outcome.verdict;
}

/** `reference[verifier][response]`: each outcome from a fresh engine used for that one call. */
export type IsolationReference = string[][];

/**
 * Outcomes of a fresh engine per (verifier, response): `freshEvaluate` must use a new engine (or
 * worker) for each call it is given (Node tests: freshEngineReference in freshReference.ts).
 */
export async function isolationReference(
  freshEvaluate: (source: string, response: string) => Promise<Outcome | undefined>,
): Promise<IsolationReference> {
  const reference: IsolationReference = [];
  for (const verifier of ISOLATION_VERIFIERS) {
    const row: string[] = [];
    for (const response of ISOLATION_RESPONSES)
      row.push(outcomeKey(await freshEvaluate(verifier.source, response)));
    reference.push(row);
  }
  return reference;
}

/**
 * Runs `schedule` through `evaluate` (one worker, in order) and returns every outcome that
 * differs from the fresh engine's, described with the seed and the history that led to it.
 */
export async function runIsolationSchedule(
  seed: number,
  schedule: readonly IsolationStep[],
  reference: IsolationReference,
  evaluate: (source: string, responses: string[]) => Promise<Outcome[]>,
  verifiers: readonly IsolationVerifier[] = ISOLATION_VERIFIERS,
): Promise<string[]> {
  const problems: string[] = [];
  for (const [index, step] of schedule.entries()) {
    const verifier = verifiers[step.verifier];
    if (verifier === undefined) throw new Error(`no isolation verifier ${step.verifier}`);
    const outcomes = await evaluate(
      verifier.source,
      step.responses.map((r) => ISOLATION_RESPONSES[r] ?? ""),
    );
    for (const [position, response] of step.responses.entries()) {
      const got = outcomeKey(outcomes[position]);
      const want = reference[step.verifier]?.[response];
      if (got === want) continue;
      const before = schedule
        .slice(Math.max(0, index - 3), index)
        .map((s) => verifiers[s.verifier]?.label)
        .join(" | ");
      problems.push(
        `seed ${seed}, batch ${index} (${verifier.role} "${verifier.label}"), position ${position} of ${step.responses.length}, ` +
          `response ${JSON.stringify(ISOLATION_RESPONSES[response])}: got ${got}, a fresh engine gives ${want} (after: ${before || "nothing"})`,
      );
    }
  }
  return problems;
}
