import "server-only";
import { createHash } from "node:crypto";
import type { ChatMessage } from "@/lib/autoif/prompts";

/** The chat-completions body we send; everything that changes the answer is in it, the key is not. */
export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  temperature: number;
  max_tokens: number;
  /** The sample index, so K samples of one prompt are K different requests. */
  seed: number;
}

/** The sampling settings of a role that go into every request (its model, temperature, max tokens). */
export interface RequestSampling {
  model: string;
  temperature: number;
  maxTokens: number;
}

/**
 * The one builder of a chat request: a live call sends exactly this body, and an offline batch
 * line carries exactly this body, so both have the same request hash.
 */
export function chatRequestBody(
  sampling: RequestSampling,
  messages: ChatMessage[],
  sampleIndex: number | undefined,
): ChatRequestBody {
  return {
    model: sampling.model,
    messages,
    temperature: sampling.temperature,
    max_tokens: sampling.maxTokens,
    seed: sampleIndex ?? 0,
  };
}

/** JSON with object keys sorted at every level, so equal requests serialize equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : v,
  );
}

/** Hex sha256 of the canonical request body: the resume-cache key in `llm_calls`. */
export function requestHash(body: ChatRequestBody): string {
  const { model, messages, temperature, max_tokens, seed } = body;
  const normalized = {
    model,
    messages: messages.map((m) => ({ role: m.role, content: m.content })),
    temperature,
    max_tokens,
    seed,
  };
  return createHash("sha256").update(canonicalJson(normalized)).digest("hex");
}
