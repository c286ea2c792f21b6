import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  globalIgnores([
    ".next/**",
    "next-env.d.ts",
    "db/migrations/**",
    "test-results/**",
    "playwright-report/**",
    "data/**",
  ]),
  {
    files: ["**/*.{js,jsx,mjs,ts,tsx,mts,cts}"],
    plugins: { drizzle },
    rules: {
      // An update or delete without where wipes a table; the drizzle plugin catches it.
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      // Untrusted verifier code runs only in the QuickJS sandbox, never in the host engine.
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "node:vm", message: "Verifier code runs only in the QuickJS sandbox." },
            { name: "vm", message: "Verifier code runs only in the QuickJS sandbox." },
          ],
        },
      ],
      // Data is text: LLM output, queries and imports are never rendered as HTML.
      "react/no-danger": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // The environment is read in one module only.
    ignores: [
      "server/env.mjs",
      "e2e/**",
      "playwright.config.ts",
      "bench/**",
      "**/*.test.ts",
      "**/testing/**",
    ],
    rules: {
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read the environment through server/env.mjs.",
        },
      ],
    },
  },
  {
    // Write transactions start with BEGIN IMMEDIATE (db/client.ts explains why); rows reach their
    // project through db/projectScope.ts, the one place that writes the instruction links.
    files: ["server/**", "db/**", "app/**"],
    ignores: ["db/client.ts", "db/projectScope.ts", "**/*.test.ts", "**/testing/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression[callee.property.name='transaction']:not(:has(Property[key.name='behavior'][value.value='immediate']))",
          message:
            'Use writeTransaction(db, fn) from @/db/client (or pass { behavior: "immediate" }): BEGIN IMMEDIATE, so a read-then-write cannot fail with SQLITE_BUSY.',
        },
        {
          selector:
            "CallExpression[callee.name='eq']:has(> MemberExpression[object.name='instructions'][property.name='id']):has(> MemberExpression[object.name=/^(samples|verifiers|testCases)$/][property.name='instructionId'])",
          message:
            "Join instructions with instructionOfSample / instructionOfVerifier / instructionOfTestCase from @/db/projectScope (pass the project id to scope the rows to it).",
        },
      ],
    },
  },
  {
    // The bench compares the sandbox with plain V8 on our own trusted verifiers.
    files: ["bench/**"],
    rules: { "no-new-func": "off" },
  },
]);
