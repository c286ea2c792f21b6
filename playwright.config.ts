import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// One fresh database per test run; workers inherit it through the environment.
process.env.AUTOIF_E2E_DB ??= path.join(os.tmpdir(), `autoif-e2e-${Date.now()}`, "e2e.db");
const port = Number(process.env.AUTOIF_E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;
const fakeLlmPort = port + 1;

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  forbidOnly: true,
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: [
    {
      // The scripted OpenAI-compatible test double (no model can be downloaded here).
      command: `npm run fake-llm -- --port ${fakeLlmPort} --latency-ms 5`,
      url: `http://127.0.0.1:${fakeLlmPort}/v1/models`,
      timeout: 60_000,
      reuseExistingServer: false,
    },
    {
    // The README's own start command, against the production build.
    command: "npm start",
    url: `${baseURL}/`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      AUTOIF_DB_PATH: process.env.AUTOIF_E2E_DB,
      AUTOIF_PORT: String(port),
      AUTOIF_HOST: "127.0.0.1",
      NEXT_TELEMETRY_DISABLED: "1",
      OPENAI_BASE_URL: `http://127.0.0.1:${fakeLlmPort}/v1`,
      // The background example run would compete with the tests for the two cores.
      AUTOIF_EXAMPLE_RUN: "0",
    },
    },
  ],
});
