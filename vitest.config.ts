import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      // `server-only` throws outside React Server Components; tests run server code in plain Node.
      "server-only": fileURLToPath(new URL("./server/testing/serverOnlyShim.ts", import.meta.url)),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "server/**/*.test.ts", "db/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
