/**
 * Sources nested deeply enough to overflow a host's stack inside QuickJS's parser if nothing
 * stopped it first (issue 13: 200,000 "(" crashed the worker). Each must end as a located compile
 * error with the engine (and the worker) still serving. Shared by the engine, pool and browser tests.
 */
export const DEEP_NESTING: readonly { label: string; source: string }[] = [
  { label: '200,000 "("', source: "(".repeat(200_000) },
  { label: '2,000,000 "(" (10x)', source: "(".repeat(2_000_000) },
  {
    label: '200,000 "(" closed, inside evaluate',
    source: `function evaluate(r) { return ${"(".repeat(200_000)}1${")".repeat(200_000)}; }`,
  },
  { label: '200,000 "["', source: "[".repeat(200_000) },
  {
    label: "200,000 nested object literals",
    source: `var x = ${"{a:".repeat(200_000)}1${"}".repeat(200_000)};`,
  },
  { label: "200,000 nested blocks", source: "{".repeat(200_000) },
  { label: "200,000 nested functions", source: "function f(){".repeat(200_000) },
  { label: "200,000 nested template literals", source: "`${".repeat(200_000) },
  {
    label: "a regexp with 200,000 nested groups",
    source: `var re = /${"(".repeat(200_000)}a${")".repeat(200_000)}/;`,
  },
  {
    label: "a regexp with 200,000 nested non-capturing groups",
    source: `var re = /${"(?:".repeat(200_000)}a${")".repeat(200_000)}/;`,
  },
  { label: '200,000 "!"', source: `var x = ${"!".repeat(200_000)}1;` },
  { label: '200,000 "- "', source: `var x = ${"- ".repeat(200_000)}1;` },
  { label: '200,000 "typeof "', source: `var x = ${"typeof ".repeat(200_000)}1;` },
  { label: "200,000 arrows", source: `var f = ${"x => ".repeat(200_000)}1;` },
  {
    label: "200,000 ternaries",
    source: `var x = ${"a ? ".repeat(200_000)}1${" : 2".repeat(200_000)};`,
  },
  { label: '200,000 "new "', source: `var x = ${"new ".repeat(200_000)}Object;` },
  { label: "200,000 assignments", source: `var a; a = ${"a = ".repeat(200_000)}1;` },
];
