/** Query-pool file formats the importer reads. */
export const queryFormats = ["jsonl", "sharegpt-json", "csv", "txt"] as const;
export type QueryFormat = (typeof queryFormats)[number];

/** The format a file name suggests: .jsonl/.ndjson (plain or ShareGPT lines), .json (ShareGPT array), .csv, .txt. */
export function queryFormatFromFileName(name: string): QueryFormat | null {
  const ext = /\.([a-z]+)$/i.exec(name.trim())?.[1]?.toLowerCase();
  if (ext === "jsonl" || ext === "ndjson") return "jsonl";
  if (ext === "json") return "sharegpt-json";
  if (ext === "csv") return "csv";
  if (ext === "txt") return "txt";
  return null;
}

export type QueryFromRecord =
  { ok: true; text: string } | { ok: false; field: string; message: string };

const HUMAN = new Set(["human", "user"]);

/**
 * The query in one record: `{"query": ...}` or `{"text": ...}`, or a ShareGPT conversation's first
 * human turn (`{"conversations": [{"from": "human", "value": ...}]}`; OpenAI-style
 * `{"messages": [{"role": "user", "content": ...}]}` too). CSV rows name their column.
 */
export function queryFromRecord(record: unknown, column?: string): QueryFromRecord {
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    return { ok: false, field: "(line)", message: "expected a JSON object" };
  }
  const r = record as Record<string, unknown>;
  if (column !== undefined) {
    const v = r[column];
    return typeof v === "string"
      ? { ok: true, text: v }
      : { ok: false, field: column, message: `column "${column}" is missing or empty` };
  }
  for (const key of ["query", "text", "prompt", "instruction"]) {
    if (typeof r[key] === "string") return { ok: true, text: r[key] as string };
  }
  const turns = Array.isArray(r.conversations)
    ? r.conversations
    : Array.isArray(r.messages)
      ? r.messages
      : null;
  if (turns) {
    const field = Array.isArray(r.conversations) ? "conversations" : "messages";
    const first = turns.find((t): t is Record<string, unknown> => {
      if (typeof t !== "object" || t === null) return false;
      const who = (t as Record<string, unknown>).from ?? (t as Record<string, unknown>).role;
      return typeof who === "string" && HUMAN.has(who.toLowerCase());
    });
    const value = first?.value ?? first?.content;
    return typeof value === "string"
      ? { ok: true, text: value }
      : { ok: false, field, message: "no human turn with text" };
  }
  return { ok: false, field: "query", message: 'no "query", "text" or "conversations" field' };
}
