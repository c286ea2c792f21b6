/** One chat message as the OpenAI chat-completions API takes it. */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** A prompt kind and its version; both go into the first line of the system message. */
export interface PromptId {
  kind:
    | "augment"
    | "verify-gen"
    | "back-translate"
    | "nli-judge"
    | "compose-witness"
    | "compose-judge"
    | "respond"
    | "score";
  /** The prompt's own name where one kind has several (the Python verify-gen); else the kind. */
  name?: string;
  version: number;
}

/** What a prompt is called in headers and manifests: `verify-gen`, `verify-gen-python`, ... */
export function promptName(id: PromptId): string {
  return id.name ?? id.kind;
}

/**
 * The first line of every system prompt names the task and prompt version, so logs, the call
 * table and scripted test servers can tell prompts apart without guessing from their wording.
 */
export function promptHeader(id: PromptId): string {
  return `AutoIF Studio · task: ${id.kind} · prompt ${promptName(id)}@v${id.version}`;
}

/**
 * A labelled data block: `Label: <<<`, the text, `>>>`. The markers keep user text (which may
 * contain anything) visibly apart from our instructions.
 */
export function block(label: string, text: string): string {
  return `${label}: <<<\n${text}\n>>>`;
}
