import "server-only";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { FakeStats, FaultRule } from "../scripted/fakeLlmFaults";
import { FAKE_LLM_ENTRY } from "../scripted/fakeLlmServer";

export type { FakeStats, FaultRule };

/** The scripted LLM server running in a child process, driven through its control endpoints. */
export interface FakeLlmProcess {
  /** Base URL ending in /v1. */
  url: string;
  stats(): Promise<FakeStats>;
  script(rules: FaultRule[]): Promise<void>;
  release(): Promise<void>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the scripted server (server/llm/scripted/fakeLlmServer.ts) on a free port as its own
 * process, the way a pipeline in a child process meets it.
 */
export async function startFakeLlmProcess(args: string[] = []): Promise<FakeLlmProcess> {
  const tsx = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");
  const child: ChildProcess = spawn(
    process.execPath,
    [tsx, FAKE_LLM_ENTRY, "--port", "0", ...args],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+\/v1)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.stderr?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("exit", (code) =>
      reject(new Error(`fake LLM server exited (${code}) before listening:\n${out}`)),
    );
  });
  const control = url.replace(/\/v1$/, "/__fake");
  const post = async (name: string, body?: unknown) => {
    const res = await fetch(`${control}/${name}`, {
      method: "POST",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`fake LLM ${name}: ${res.status} ${await res.text()}`);
  };
  return {
    url,
    stats: async () => (await (await fetch(`${control}/stats`)).json()) as FakeStats,
    script: (rules) => post("script", rules),
    release: () => post("release"),
    reset: () => post("reset"),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
