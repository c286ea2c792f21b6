import { TRPCClientError } from "@trpc/client";

export interface Problem {
  field?: string;
  line?: number;
  message: string;
}

/** The server's message and located problems (fields, file lines) carried by a tRPC error. */
export function problemsOf(error: unknown): { message: string; problems: Problem[] } {
  if (error instanceof TRPCClientError) {
    const data = error.data as { problems?: Problem[] } | undefined;
    return { message: error.message, problems: data?.problems ?? [] };
  }
  return { message: error instanceof Error ? error.message : String(error), problems: [] };
}

/** Problems keyed by field path, for showing each message at its form field. */
export function fieldProblems(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problemsOf(error).problems) {
    if (p.field !== undefined && out[p.field] === undefined) out[p.field] = p.message;
  }
  return out;
}
