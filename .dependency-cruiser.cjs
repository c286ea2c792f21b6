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
      comment: "lib/ is isomorphic: npm packages only, never server/, db/, components/, app/, react or next.",
      from: { path: "^lib/" },
      to: { path: "^(server|db|components|app|e2e|bench)/|^node_modules/(react|react-dom|next)/" },
    },
    {
      name: "lib-no-node-builtins",
      severity: "error",
      comment: "lib/ runs in the browser too; only its tests and test support (which run in Node) may use Node.",
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
      comment: "Services build on the pipeline (replay, current verifiers, stages); the pipeline never reaches back into services. Policy both need lives in lib/autoif.",
      from: { path: "^server/pipeline/" },
      to: { path: "^server/services/" },
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
    exclude: { path: "^(\\.next|node_modules|data)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
