/**
 * The guest realm every verifier runs in. A context is hardened once (all intrinsics deep-frozen,
 * the global object frozen, Math.random replaced by a seeded generator); each call then runs the
 * verifier's top level afresh inside a factory function (see engine.ts). Together these make a
 * call unable to leave state behind for the next one without paying ~160 us for a new context.
 */

import { EXPLORE_REALM_SOURCE } from "./realmExplorer";

/** The exact own property names of the guest's `globalThis`; a test asserts equality. */
export const GUEST_GLOBALS: readonly string[] = Object.freeze([
  "AggregateError",
  "Array",
  "ArrayBuffer",
  "BigInt",
  "BigInt64Array",
  "BigUint64Array",
  "Boolean",
  "DataView",
  "Error",
  "EvalError",
  "Float16Array",
  "Float32Array",
  "Float64Array",
  "Function",
  "Infinity",
  "Int16Array",
  "Int32Array",
  "Int8Array",
  "InternalError",
  "Iterator",
  "JSON",
  "Map",
  "Math",
  "NaN",
  "Number",
  "Object",
  "Promise",
  "Proxy",
  "RangeError",
  "ReferenceError",
  "Reflect",
  "RegExp",
  "Set",
  "String",
  "Symbol",
  "SyntaxError",
  "TypeError",
  "URIError",
  "Uint16Array",
  "Uint32Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "WeakMap",
  "WeakSet",
  "decodeURI",
  "decodeURIComponent",
  "encodeURI",
  "encodeURIComponent",
  "escape",
  "eval",
  "globalThis",
  "isFinite",
  "isNaN",
  "parseFloat",
  "parseInt",
  "undefined",
  "unescape",
]);

/**
 * Guest source evaluated once per context; its value is `[run, MISSING]`, held only by the host.
 * Written defensively because it runs before anything is frozen.
 */
export const HARDEN_REALM_SOURCE = `(function () {
  "use strict";
  const g = globalThis;
  const explore = ${EXPLORE_REALM_SOURCE};
  const allowed = new Set(${JSON.stringify(GUEST_GLOBALS)});
  for (const key of Reflect.ownKeys(g)) {
    if (!allowed.has(key)) delete g[key];
  }

  // mulberry32: tiny, good enough for sampling in verifiers, and identical on every host.
  let state = 0;
  function random() {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  Object.defineProperty(Math, "random", { value: random, writable: true, enumerable: false, configurable: true });

  // Freezing prototypes breaks "obj.toString = ..." on ordinary objects (the override mistake):
  // turn the properties programs commonly shadow into accessors that define an own property.
  const defineProperty = Object.defineProperty;
  const getOwn = Object.getOwnPropertyDescriptor;
  const hasOwn = Object.prototype.hasOwnProperty;
  function tame(obj, key) {
    const desc = getOwn(obj, key);
    if (desc === undefined || !("value" in desc) || !desc.writable) return;
    const value = desc.value;
    defineProperty(obj, key, {
      get: function () { return value; },
      set: function (v) {
        if (this === obj) throw new TypeError("Cannot assign to read only property '" + String(key) + "' of a built-in");
        if (Reflect.apply(hasOwn, this, [key])) { this[key] = v; return; }
        defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true });
      },
      enumerable: desc.enumerable,
      configurable: false,
    });
  }
  const errors = [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, InternalError, AggregateError];
  for (const key of ["constructor", "toString", "valueOf", "toLocaleString"]) tame(Object.prototype, key);
  for (const key of ["constructor", "toString"]) tame(Function.prototype, key);
  for (const key of ["constructor", "toString"]) tame(Array.prototype, key);
  for (const E of errors) for (const key of ["constructor", "name", "message", "toString"]) tame(E.prototype, key);
  tame(Promise.prototype, "constructor");

  // Freeze everything the exploration reaches (realmExplorer.ts: the global object, fresh
  // instances of every kind and of every global constructor), then check with a second walk,
  // from the global object and the instances' prototypes (so everything it reaches is shared),
  // that nothing it finds is unfrozen. A realm that fails the check is never used: the instance
  // fails to build. The tests explore far deeper (rounds of probing every function) inside the
  // finished realm and must find nothing shared unfrozen or holding mutable internal state (a
  // Map's entries survive Object.freeze).
  const freeze = Object.freeze;
  const isFrozen = Object.isFrozen;
  const first = explore({ constructors: true });
  for (const o of first.objects.keys()) {
    try { freeze(o); } catch {}
  }
  const second = explore({ shared: true });
  const problems = [];
  for (const o of second.objects.keys()) if (!isFrozen(o)) problems.push(second.pathOf(o) + " is not frozen");
  if (problems.length > 0) throw new TypeError("the verifier realm could not be hardened: " + problems.slice(0, 8).join("; "));

  // The host's entry points, one FFI call per response. \`maker\` is the compiled verifier
  // \`(function(){return function(){<source>;return evaluate}})\`, never seen by the guest: each call
  // makes a new top-level function, so its top level, \`arguments.callee\` and that function's
  // \`.prototype\` are new on every response. Math.random's state (this closure) is reset too.
  // MISSING, never shared with the guest, says the top level defined no evaluate function.
  const MISSING = {};
  function run(maker, seed, response) {
    state = seed | 0;
    const evaluate = maker()();
    if (typeof evaluate !== "function") return MISSING;
    return evaluate(response);
  }
  function check(maker, seed) {
    state = seed | 0;
    return typeof maker()() === "function";
  }
  return [run, check, MISSING];
})()`;
