/**
 * The guest realm every verifier runs in. A context is hardened once (all intrinsics deep-frozen,
 * the global object frozen, Math.random replaced by a seeded generator); each call then runs the
 * verifier's top level afresh inside a factory function (see engine.ts). Together these make a
 * call unable to leave state behind for the next one without paying ~160 us for a new context.
 */

/** The exact own property names of the guest's `globalThis`; a test asserts equality. */
export const GUEST_GLOBALS: readonly string[] = Object.freeze([
  "AggregateError", "Array", "ArrayBuffer", "BigInt", "BigInt64Array", "BigUint64Array",
  "Boolean", "DataView", "Error", "EvalError", "Float16Array", "Float32Array", "Float64Array",
  "Function", "Infinity", "Int16Array", "Int32Array", "Int8Array", "InternalError", "Iterator",
  "JSON", "Map", "Math", "NaN", "Number", "Object", "Promise", "Proxy", "RangeError",
  "ReferenceError", "Reflect", "RegExp", "Set", "String", "Symbol", "SyntaxError", "TypeError",
  "URIError", "Uint16Array", "Uint32Array", "Uint8Array", "Uint8ClampedArray", "WeakMap",
  "WeakSet", "decodeURI", "decodeURIComponent", "encodeURI", "encodeURIComponent", "escape",
  "eval", "globalThis", "isFinite", "isNaN", "parseFloat", "parseInt", "undefined", "unescape",
]);

/**
 * Guest source evaluated once per context; its value is `[run, MISSING]`, held only by the host.
 * Written defensively because it runs before anything is frozen.
 */
export const HARDEN_REALM_SOURCE = `(function () {
  "use strict";
  const g = globalThis;
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

  // Intrinsics not reachable by walking globalThis: iterator and generator prototypes, etc.
  const roots = [
    g,
    function* () {}, async function () {}, async function* () {}, () => {},
    [][Symbol.iterator](), ""[Symbol.iterator](), new Map().entries(), new Set().values(),
    "a".matchAll(/a/g), Iterator.from([]), [].values().map((x) => x), Object.getPrototypeOf(Int8Array),
    new Promise(() => {}),
  ];
  const seen = new Set();
  const stack = roots.slice();
  while (stack.length > 0) {
    const o = stack.pop();
    if ((typeof o !== "object" && typeof o !== "function") || o === null || seen.has(o)) continue;
    seen.add(o);
    Object.freeze(o);
    stack.push(Object.getPrototypeOf(o));
    for (const key of Reflect.ownKeys(o)) {
      const desc = getOwn(o, key);
      if (desc === undefined) continue;
      if ("value" in desc) stack.push(desc.value);
      else stack.push(desc.get, desc.set);
    }
  }
  // The host's entry point, one FFI call per response: reset Math.random's state (it lives in
  // this closure), run the verifier's top level afresh, call evaluate. MISSING is returned, never
  // shared with the guest, when the top level defines no evaluate function.
  const MISSING = {};
  function run(factory, seed, response) {
    state = seed | 0;
    const evaluate = factory();
    if (typeof evaluate !== "function") return MISSING;
    return evaluate(response);
  }
  return [run, MISSING];
})()`;
