import "server-only";
import { spawn } from "node:child_process";
import path from "node:path";
import { FAKE_LLM_ENTRY } from "../llm/scripted/fakeLlmServer";

/** The model name the scripted endpoint answers to. */
export const SCRIPTED_MODEL = "fake-model";

export interface ScriptedEndpoint {
  /** Base URL ending in /v1. */
  url: string;
  stop(): void;
}

/**
 * Starts the built-in scripted OpenAI-compatible endpoint (the test double in
 * server/llm/scripted/, as its own process on a free port) for the example run. It exits with
 * this process, even one killed with SIGKILL, so a stopped `npm start` leaves nothing behind.
 */
export function startScriptedEndpoint(root: string = process.cwd()): Promise<ScriptedEndpoint> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--import",
      path.join(root, "server/cli/exitWithParent.mjs"),
      FAKE_LLM_ENTRY,
      "--port",
      "0",
      "--latency-ms",
      "5",
    ],
    { cwd: root, stdio: ["pipe", "pipe", "pipe"] },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-4_000);
      const url = /listening on (http:\/\/\S+\/v1)/.exec(out)?.[1];
      if (!url) return;
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      child.stdout?.resume();
      resolve({ url, stop: () => void child.kill("SIGTERM") });
    };
    const onExit = (code: number | null) =>
      reject(
        new Error(
          `the scripted endpoint exited (${code}) before listening: ${out.trim().slice(-500)}`,
        ),
      );
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (out = (out + chunk.toString()).slice(-4_000)));
    child.once("exit", onExit);
  });
}
