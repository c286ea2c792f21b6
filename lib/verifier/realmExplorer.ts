/**
 * The exploration behind the realm's freezing pass (realm.ts), as guest source. It finds every
 * object a verifier could reach that might outlive one call: everything reachable from
 * `globalThis`, and everything reachable from a fresh instance of every kind of object the engine
 * makes. Instances come from two places, so the list of kinds checks itself:
 *
 * - syntax: the kinds only syntax can make (functions of every kind, generators, async
 *   generators, classes, arguments objects, template objects, regexp literals, thrown engine
 *   errors...), written out below;
 * - probing: every function reached is called and constructed, with `undefined` and with fresh
 *   instances whose prototype chain holds it as receivers, on a fixed set of fresh arguments, and
 *   what comes back (or is thrown, or handed to a callback) is explored in turn, for a few rounds.
 *   A constructor found on the global object is thereby instantiated, `Iterator.from(obj)` yields
 *   its wrapper, `Iterator.concat()` its helper, `Proxy.revocable` its revoker, and so on.
 *
 * A result becomes a receiver for further probing only when two identical calls returned two
 * different objects (it is fresh), so probing never calls a method on a shared object before it is
 * frozen. Everything here is caught: a probe that throws yields its error as one more object.
 *
 * Used twice per realm (freeze what the first exploration found, then check that a second one
 * finds nothing shared unfrozen) and by the tests, which run it as a verifier inside the hardened
 * realm. Its value is `function explore({ rounds, full, constructors, shared })`, returning `{ objects, pathOf }`: a Map
 * whose keys are the objects reached, and a function naming the path to one: `rounds` of probing (0: only walk from the roots), `full` for every argument set
 * (the tests' deep exploration) rather than the three the realm uses each time it is built.
 */
export const EXPLORE_REALM_SOURCE = `(function () {
  "use strict";
  const getProto = Object.getPrototypeOf;
  const getOwn = Object.getOwnPropertyDescriptor;
  const ownKeys = Reflect.ownKeys;
  const apply = Reflect.apply;
  const construct = Reflect.construct;
  const makeFunction = Function;
  const symbolToString = Symbol.prototype.toString;
  const MapC = Map, SetC = Set;
  const RECEIVERS_PER_HOLDER = 2;
  const isObject = (v) => (typeof v === "object" && v !== null) || typeof v === "function";
  const attempt = (thunk) => { try { return thunk(); } catch (e) { return e; } };

  // Fresh arguments for every probe call: nothing shared is ever handed to a probed function.
  function recorder(found) {
    return function probeCallback() {
      for (let i = 0; i < arguments.length; i += 1) found.push(arguments[i]);
      found.push(this);
      return arguments[0];
    };
  }
  function argumentSets(found, full) {
    const done = () => ({ done: true, value: undefined });
    if (!full) return [[], [recorder(found)], [{ next: done }]];
    return [
      [],
      [recorder(found)],
      [[1, "a"]],
      [[1, "a"], recorder(found)],
      [{ next: done }],
      [{ next: done, [Symbol.iterator]() { return this; } }],
      ["a", "g"],
      [0, 1],
      [{}, {}],
    ];
  }

  // Kinds of object only syntax makes (probing functions cannot reach these).
  function syntaxInstances() {
    const made = [];
    // hops: how far up the prototype chain the first shared object is (the generator's own
    // prototype object belongs to its fresh generator function).
    const add = (label, make, hops = 1) => made.push([label, attempt(make), hops]);
    const sloppy = (body) => makeFunction(body)();
    add("function", () => function () {});
    add("arrow function", () => () => {});
    add("async arrow function", () => async () => {});
    add("generator function", () => function* () {});
    add("generator", () => (function* () { yield 1; })(), 2);
    add("async function", () => async function () {});
    add("async function result", () => (async function () {})());
    add("awaiting async function result", () => (async function () { await null; })());
    add("async generator function", () => async function* () {});
    add("async generator", () => (async function* () { yield 1; })(), 2);
    add("async generator next", () => (async function* () { yield 1; })().next());
    add("async yield* of a sync iterable", () => (async function* () { yield* [1]; })().next());
    add("class", () => class A { #x = 1; static { } m() { return this.#x; } get g() { return 1; } static s() {} });
    add("derived class", () => class B extends Array {});
    add("derived instance", () => new (class C extends Error {})(), 2);
    add("method", () => ({ m() {} }).m);
    add("async method", () => ({ async m() {} }).m);
    add("getter", () => getOwn({ get g() { return 1; } }, "g").get);
    add("bound function", () => function () {}.bind(null));
    add("sloppy function", () => sloppy("return function () {}"));
    add("sloppy arguments", () => sloppy("return (function () { return arguments; })(1)"));
    add("strict arguments", () => (function () { return arguments; })(1));
    add("template object", () => ((s) => s)\`a\${1}b\`);
    add("regexp literal", () => /a(b)?/dgimsy);
    add("unicode sets regexp", () => new RegExp("[a]", "v"));
    add("regexp match", () => /a(?<n>b)?/d.exec("ab"));
    add("array with a hole", () => [1, , 2]);
    add("object literal", () => ({ a: 1, __proto__: null }));
    add("dynamic import", () => import("nothing"));
    add("thrown TypeError", () => { throw attempt(() => null.x); });
    add("thrown ReferenceError", () => attempt(() => makeFunction("return notDefinedAnywhere")()));
    add("thrown SyntaxError", () => attempt(() => makeFunction("(")));
    add("thrown RangeError", () => attempt(() => new Array(-1)));
    add("symbol wrapper", () => Object(Symbol("s")));
    add("number wrapper", () => Object(1));
    add("string wrapper", () => Object("s"));
    add("boolean wrapper", () => Object(true));
    add("bigint wrapper", () => Object(1n));
    add("proxy of a function", () => new Proxy(function () {}, {}));
    // Kinds that builtin methods make; the realm does not probe methods each time it is built, so
    // they are named here, and the tests' deep exploration (which does) checks nothing is missing.
    add("array iterator", () => [][Symbol.iterator]());
    add("typed array iterator", () => new Uint8Array(1).entries());
    add("string iterator", () => ""[Symbol.iterator]());
    add("map iterator", () => new Map().entries());
    add("set iterator", () => new Set().values());
    add("iterator wrapper", () => Iterator.from({ next() { return { done: true }; } }));
    add("iterator concat", () => Iterator.concat());
    add("iterator helper", () => [].values().map((x) => x));
    add("iterator wrapper of an iterable", () => Iterator.from({ [Symbol.iterator]() { return { next() { return { done: true }; } }; } }));
    add("promise with resolvers", () => Promise.withResolvers());
    add("revocable proxy", () => Proxy.revocable({}, {}));
    add("regexp string iterator", () => "a".matchAll(/a/g));
    add("resizable ArrayBuffer", () => new ArrayBuffer(1, { maxByteLength: 8 }));
    add("typed array on a buffer", () => new Uint8Array(new ArrayBuffer(8), 1, 2));
    add("data view", () => new DataView(new ArrayBuffer(1)));
    return made;
  }

  // rounds: how many times results are probed in turn; full: every argument set; constructors:
  // instantiate every constructor on the global object; shared: start from the instances'
  // prototypes, not the instances, so that everything reached is shared (for checking a freeze).
  return function explore(options) {
    const rounds = options.rounds ?? 0, full = options.full === true;
    const constructors = options.constructors === true, shared = options.shared === true;
    // object -> [parent, step]: how it was first reached (a path is spelled only when asked for).
    const links = new MapC();
    const pending = [];
    const holders = new MapC(); // function -> objects it is an own property of (for probing)
    const sampleSet = new SetC();
    const found = [];
    const probing = rounds > 0;

    function reach(value, parent, step) {
      if (!isObject(value) || links.has(value)) return;
      links.set(value, [parent, step]);
      pending.push(value);
    }
    function addHolder(fn, holder) {
      const list = holders.get(fn);
      if (list === undefined) holders.set(fn, [holder]);
      else if (!list.includes(holder)) list.push(holder);
    }
    function keyName(key) {
      return typeof key === "symbol" ? "[" + apply(symbolToString, key, []) + "]" : "." + key;
    }
    function pathOf(o) {
      const steps = [];
      for (let at = o, depth = 0; at !== undefined && depth < 40; depth += 1) {
        const link = links.get(at);
        if (link === undefined) break;
        steps.push(link[1]);
        at = link[0];
      }
      return steps.reverse().map((step) => (typeof step === "string" ? step : keyName(step[0]) + (step[1] ?? ""))).join("");
    }
    function walk() {
      while (pending.length > 0) {
        const o = pending.pop();
        let keys;
        try {
          reach(getProto(o), o, ".__proto__");
          keys = ownKeys(o);
        } catch (e) {
          reach(e, o, " (threw)");
          continue;
        }
        for (const key of keys) {
          let desc;
          try { desc = getOwn(o, key); } catch (e) { reach(e, o, " (threw)"); continue; }
          if (desc === undefined) continue;
          const value = desc.value, get = desc.get, set = desc.set;
          if (isObject(value)) {
            reach(value, o, [key]);
            if (probing && typeof value === "function") addHolder(value, o);
          }
          if (get !== undefined) {
            reach(get, o, [key, "{get}"]);
            if (probing) addHolder(get, o);
            // What a getter returns on its own holder can be an object reachable no other way
            // (the realm's own accessors return the built-in they stand for).
            let got;
            try { got = apply(get, o, []); } catch { got = undefined; }
            reach(got, o, [key, "{got}"]);
          }
          if (set !== undefined) {
            reach(set, o, [key, "{set}"]);
            if (probing) addHolder(set, o);
          }
        }
      }
    }
    // A few fresh instances per prototype are receivers enough; they are indexed by every object
    // on their prototype chain, so a method finds its receivers at once.
    const perPrototype = new MapC();
    const receiversOf = new MapC();
    function addSample(o, parent, step) {
      if (!isObject(o) || sampleSet.has(o)) return;
      reach(o, parent, step);
      let proto;
      try { proto = getProto(o); } catch { return; }
      const peers = perPrototype.get(proto) ?? 0;
      if (peers >= RECEIVERS_PER_HOLDER) return;
      perPrototype.set(proto, peers + 1);
      sampleSet.add(o);
      for (let p = proto, depth = 0; p !== null && depth < 64; depth += 1) {
        const list = receiversOf.get(p);
        if (list === undefined) receiversOf.set(p, [o]);
        else if (list.length < RECEIVERS_PER_HOLDER * 4) list.push(o);
        try { p = getProto(p); } catch { break; }
      }
    }
    function drainFound(parent, step) {
      while (found.length > 0) reach(found.pop(), parent, step + " (callback argument)");
    }
    // Each argument set twice, fresh each time; a result is fresh (a receiver from now on) when
    // the two calls returned different objects.
    function probe(invoke, parent, step) {
      const first = argumentSets(found, full);
      const second = argumentSets(found, full);
      for (let i = 0; i < first.length; i += 1) {
        const a = attempt(() => invoke(first[i]));
        const b = attempt(() => invoke(second[i]));
        reach(a, parent, step);
        reach(b, parent, step);
        if (isObject(a) && a !== b) addSample(a, parent, step);
      }
      drainFound(parent, step);
    }
    reach(globalThis, undefined, "globalThis");
    for (const [label, value, hops] of syntaxInstances()) {
      if (!shared) {
        addSample(value, undefined, "(" + label + ")");
        continue;
      }
      let proto = value;
      for (let i = 0; i < hops && isObject(proto); i += 1) proto = attempt(() => getProto(proto));
      reach(proto, undefined, "(" + label + ")" + ".__proto__".repeat(hops));
    }
    // Every constructor on the global object, instantiated: a kind the engine gains is explored
    // without anyone adding it to a list.
    // (A constructed object is fresh by definition, so one construction per argument set will do.)
    if (constructors) {
      for (const key of ownKeys(globalThis)) {
        const value = getOwn(globalThis, key).value;
        if (typeof value !== "function") continue;
        for (const args of argumentSets(found, full)) addSample(attempt(() => construct(value, args)), undefined, "new globalThis" + keyName(key) + "()");
        drainFound(undefined, "new globalThis" + keyName(key) + "()");
      }
    }
    walk();
    const done = new MapC(); // function -> receivers already probed
    for (let round = 0; round < rounds; round += 1) {
      let probes = 0;
      for (const [fn, list] of [...holders]) {
        let receivers = done.get(fn);
        if (receivers === undefined) done.set(fn, (receivers = new SetC()));
        const targets = [undefined];
        for (const holder of list) for (const sample of receiversOf.get(holder) ?? []) targets.push(sample);
        for (const receiver of targets) {
          if (receivers.has(receiver)) continue;
          receivers.add(receiver);
          probes += 1;
          probe((args) => apply(fn, receiver, args), fn, "()");
          if (receiver === undefined) probe((args) => construct(fn, args), fn, " (constructed)");
        }
      }
      walk();
      if (probes === 0) break;
    }
    return { objects: links, pathOf };
  };
})()`;
