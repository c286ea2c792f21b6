import "server-only";
import { createTestDb } from "@/db/testing/testDb";
import { projects } from "@/db/schema";
import type { Db } from "@/db/client";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import { createLlmClient, type LlmClient, type LlmClientOptions } from "../client";
import type { LlmRoleConfig } from "../endpoint";

/** A role pointed at `baseUrl` with test-sized time-outs and a few attempts. */
export function testRole(baseUrl: string, overrides: Partial<LlmRoleConfig> = {}): LlmRoleConfig {
  return {
    model: "fake-model",
    baseUrl,
    temperature: 0.7,
    maxTokens: 512,
    concurrency: 4,
    timeoutMs: 2_000,
    maxAttempts: 3,
    pricePerMillionInput: 1,
    pricePerMillionOutput: 2,
    ...overrides,
  };
}

/** The first line our prompts start with, so the fake server knows the kind. */
export function prompt(
  kind: string,
  user: string,
  version = 1,
): Array<{ role: "system" | "user"; content: string }> {
  return [
    {
      role: "system",
      content: `AutoIF Studio · task: ${kind} · prompt ${kind}@v${version}\nYou are a test.`,
    },
    { role: "user", content: user },
  ];
}

export interface LlmTestBed {
  db: Db;
  projectId: number;
  /** A client against `baseUrl` for both roles; later options override. */
  client(
    options?: Partial<LlmClientOptions> & {
      generator?: Partial<LlmRoleConfig>;
      judge?: Partial<LlmRoleConfig>;
    },
  ): LlmClient;
  cleanup(): void;
}

/** A temp database with one project, and clients for it that read no real environment. */
export function createLlmTestBed(baseUrl: string): LlmTestBed {
  const { db, cleanup } = createTestDb();
  const project = db
    .insert(projects)
    .values({ name: `llm ${Math.random().toString(36).slice(2)}`, config: {} })
    .returning({ id: projects.id })
    .get();
  const clients: LlmClient[] = [];
  return {
    db,
    projectId: project.id,
    client: ({ generator, judge, ...options } = {}) => {
      const budget: PipelineConfig["budget"] = { maxCostUsd: null, maxCalls: null };
      const client = createLlmClient({
        db,
        projectId: project.id,
        runId: null,
        roles: {
          generator: testRole(baseUrl, generator),
          judge: testRole(baseUrl, { model: "fake-judge", ...judge }),
        },
        budget,
        retry: { baseDelayMs: 5, maxDelayMs: 20 },
        environment: { values: {}, secret: () => undefined },
        ...options,
      });
      clients.push(client);
      return client;
    },
    cleanup: () => {
      for (const c of clients) c.close();
      cleanup();
    },
  };
}
