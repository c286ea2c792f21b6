/** Rules of the house (STYLE.md): who may import whom. Run by `npm run lint`. */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "Nothing imports in a cycle.",
      from: {},
      to: { circular: true },
    },
    {
      name: "lib-is-pure",
      severity: "error",
      comment:
        "lib/ is isomorphic: npm packages only, never server/, db/, components/, app/, react or next.",
      from: { path: "^lib/" },
      to: { path: "^(server|db|components|app|e2e|bench)/|^node_modules/(react|react-dom|next)/" },
    },
    {
      name: "lib-no-node-builtins",
      severity: "error",
      comment:
        "lib/ runs in the browser too; only its tests and test support (which run in Node) may use Node.",
      from: { path: "^lib/", pathNot: "(\\.test\\.ts$|/testing/)" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "db-imports-lib-only",
      severity: "error",
      from: { path: "^db/" },
      to: { path: "^(server|components|app|e2e|bench)/" },
    },
    {
      name: "browser-reaches-server-by-type-only",
      severity: "error",
      comment: "Client code reaches server/ only through `import type` (the AppRouter type).",
      from: { path: "^components/" },
      to: { path: "^(server|db)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "nothing-imports-bench-or-e2e",
      severity: "error",
      from: { pathNot: "^(bench|e2e)/" },
      to: { path: "^(bench|e2e)/" },
    },
    {
      name: "pipeline-does-not-import-services",
      severity: "error",
      comment:
        "Services build on the pipeline (replay, current verifiers, stages); the pipeline never reaches back into services. Policy both need lives in lib/autoif.",
      from: { path: "^server/pipeline/" },
      to: { path: "^server/services/" },
    },
    {
      name: "no-production-import-of-tests",
      severity: "error",
      comment:
        "Tests and test support (*.test.ts, *.spec.ts, testing/ folders) are imported only by tests, test support, e2e and bench.",
      from: { path: "^(app|components|server|db|lib)/", pathNot: "(\\.test\\.ts$|/testing/)" },
      to: { path: "(\\.(test|spec)\\.tsx?$|/testing/)" },
    },
    {
      name: "cli-goes-through-services",
      severity: "error",
      comment:
        "The CLI reads and writes through services and the pipeline, never the tables themselves: no schema, no query builder (its tests may check rows).",
      from: { path: "^server/cli/", pathNot: "\\.test\\.ts$" },
      to: { path: "^db/schema|^node_modules/drizzle-orm/" },
    },
    {
      name: "server-does-not-import-ui",
      severity: "error",
      from: { path: "^(server|db)/" },
      to: { path: "^(components|app)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // node_modules stays in the graph as leaves (doNotFollow), so rules about packages can see them.
    exclude: { path: "^(\\.next|data)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
