import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Tests that kill and race child processes, or push 10 MB files through the importer, load the
// machine; they run after the others, one file at a time, so they do not skew the sandbox's
// timing tests.
const processTests = [
  "server/services/badFiles.test.ts",
  "server/services/crashSafety.test.ts",
  "server/services/writeContention.test.ts",
  "server/services/backup.test.ts",
  "server/cli/cli.test.ts",
  "server/pipeline/stageKills.test.ts",
  "server/pipeline/resume.test.ts",
  "server/services/killedWrites.test.ts",
  "server/pipeline/oneActiveRun.test.ts",
  "server/batch/batchRun.test.ts",
  "server/batch/importKills.test.ts",
  "server/rewards/rewardKill.test.ts",
];

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      // `server-only` throws outside React Server Components; tests run server code in plain Node.
      "server-only": fileURLToPath(new URL("./server/testing/serverOnlyShim.ts", import.meta.url)),
    },
  },
  test: {
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "server/**/*.test.ts", "db/**/*.test.ts"],
          exclude: processTests,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "processes",
          include: processTests,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
