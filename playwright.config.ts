import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// One fresh database per test run; workers inherit it through the environment.
process.env.AUTOIF_E2E_DB ??= path.join(os.tmpdir(), `autoif-e2e-${Date.now()}`, "e2e.db");
const port = Number(process.env.AUTOIF_E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;
const fakeLlmPort = port + 1;
// A second studio on the same build that requires an access token.
const tokenPort = port + 2;
process.env.AUTOIF_E2E_TOKEN ??= `e2e-token-${Math.random().toString(36).slice(2)}-${Date.now()}`;
// A key nothing may ever show: the secrets test looks for it in the build, responses, database and log.
process.env.AUTOIF_E2E_PLANTED_KEY ??= `sk-planted-${Date.now().toString(36)}`;
process.env.AUTOIF_E2E_LOG ??= path.join(path.dirname(process.env.AUTOIF_E2E_DB), "studio.log");
fs.mkdirSync(path.dirname(process.env.AUTOIF_E2E_LOG), { recursive: true });

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
      // Logged to a file too, so the secrets test can read what the server printed.
      command: `npm start 2>&1 | tee "${process.env.AUTOIF_E2E_LOG}"`,
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
        OPENAI_API_KEY: process.env.AUTOIF_E2E_PLANTED_KEY,
        // The background example run would compete with the tests for the two cores.
        AUTOIF_EXAMPLE_RUN: "0",
      },
    },
    {
      // Started after `npm start` has built the app (web servers start in order).
      command: `node --import ./server/security/clientAddress.mjs node_modules/next/dist/bin/next start --hostname 127.0.0.1 --port ${tokenPort}`,
      url: `http://127.0.0.1:${tokenPort}/login`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: {
        AUTOIF_DB_PATH: `${process.env.AUTOIF_E2E_DB}.token.db`,
        AUTOIF_PORT: String(tokenPort),
        AUTOIF_HOST: "127.0.0.1",
        AUTOIF_TOKEN: process.env.AUTOIF_E2E_TOKEN,
        NEXT_TELEMETRY_DISABLED: "1",
      },
    },
  ],
});
