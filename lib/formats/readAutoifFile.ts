import { oneLine } from "../autoif/referenceScripts";
import { firstInvalidUtf8Offset } from "../seeds/decodeSeedFile";
import {
  AUTOIF_FILE_KINDS,
  autoifKindSignatures,
  autoifLineSchemas,
  detectAutoifKind,
  kindsOfLine,
  type AutoifFileKind,
  type AutoifLine,
} from "./autoifFiles";

/** A problem of a file, located: its 1-based line and the field (a path such as `eval_func[2][1]`) when there is one. */
export interface FileProblem {
  line?: number;
  field?: string;
  message: string;
}

export type ReadAutoifFile<K extends AutoifFileKind = AutoifFileKind> =
  | { ok: true; kind: K; lines: Array<{ line: number; value: AutoifLine<K> }> }
  | { ok: false; problems: FileProblem[] };

/** The most problems one answer lists; the last one says how many more there were. */
export const MAX_LISTED_PROBLEMS = 20;

const fieldPath = (path: ReadonlyArray<PropertyKey>) =>
  path.reduce<string>(
    (out, p) => (typeof p === "number" ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)),
    "",
  );

/**
 * Reads a file of the reference scripts from its bytes: UTF-8 (a byte that is not stops it, naming
 * its line), one JSON object a line (blank lines skipped, a BOM and CRLF allowed), every line
 * valid for one kind. The kind is `kind` when given, else the one the first line's fields show.
 * Returns every line or the problems, never a part: an import of it is all or nothing.
 */
export function readAutoifFile(bytes: Uint8Array, kind?: AutoifFileKind): ReadAutoifFile {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    return {
      ok: false,
      problems: [
        { line, message: `not valid UTF-8 (byte ${offset + 1} of the file); save it as UTF-8` },
      ],
    };
  }
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  const rawLines = text.split("\n");
  const endsWithNewline = text.endsWith("\n");
  const records: Array<{ line: number; record: Record<string, unknown> }> = [];
  const problems: FileProblem[] = [];
  rawLines.forEach((raw, i) => {
    const t = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (t.trim() === "") return;
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch (e) {
      const last = i === rawLines.length - 1 && !endsWithNewline;
      problems.push({
        line,
        message: last
          ? `cut off: the file ends inside this line (${oneLine(e)})`
          : `invalid JSON: ${oneLine(e)}`,
      });
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      problems.push({ line, message: "not a JSON object" });
      return;
    }
    records.push({ line, record: value as Record<string, unknown> });
  });
  if (problems.length) return { ok: false, problems: capped(problems) };
  if (records.length === 0)
    return { ok: false, problems: [{ message: "the file has no line to import (it is empty)" }] };

  let chosen: AutoifFileKind;
  if (kind) chosen = kind;
  else {
    const detected = detectAutoifKind(records[0]!);
    if (!detected.ok)
      return { ok: false, problems: [{ line: records[0]!.line, message: detected.message }] };
    chosen = detected.kind;
  }
  const schema = autoifLineSchemas[chosen];
  const lines: Array<{ line: number; value: AutoifLine<AutoifFileKind> }> = [];
  for (const { line, record } of records) {
    const parsed = schema.safeParse(record);
    if (parsed.success) {
      lines.push({ line, value: parsed.data });
      continue;
    }
    const looksLike = kindsOfLine(record).filter((k) => k !== chosen);
    const hint = looksLike.length
      ? ` (the line looks like ${looksLike.join(" or ")}, like ${looksLike.map((k) => autoifKindSignatures[k].file).join(" or ")})`
      : "";
    for (const issue of parsed.error.issues) {
      const field = fieldPath(issue.path);
      const missing = issue.code === "invalid_type" && issue.message.endsWith("received undefined");
      problems.push({
        line,
        field,
        message: `${missing ? "missing" : issue.message}, in a ${chosen} file${kind ? "" : ` (told by line ${records[0]!.line})`}${hint}`,
      });
    }
  }
  if (problems.length) return { ok: false, problems: capped(problems) };
  return { ok: true, kind: chosen, lines } as ReadAutoifFile;
}

function capped(problems: FileProblem[]): FileProblem[] {
  if (problems.length <= MAX_LISTED_PROBLEMS) return problems;
  return [
    ...problems.slice(0, MAX_LISTED_PROBLEMS),
    { message: `and ${problems.length - MAX_LISTED_PROBLEMS} more problems` },
  ];
}

/** A problem as one line of text: `line 3, field "eval_func[0][1]": ...`. */
export function problemText(p: FileProblem): string {
  const where = [
    p.line !== undefined ? `line ${p.line}` : null,
    p.field ? `field "${p.field}"` : null,
  ]
    .filter(Boolean)
    .join(", ");
  return where ? `${where}: ${p.message}` : p.message;
}

export function isAutoifFileKind(value: unknown): value is AutoifFileKind {
  return typeof value === "string" && (AUTOIF_FILE_KINDS as readonly string[]).includes(value);
}
