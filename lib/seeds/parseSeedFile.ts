import { normalizeInstruction } from "../autoif/normalizeInstruction";
import { normalizeTags, TAG_MAX_LENGTH, tagSchema, validateSeedText } from "./seedText";

export type SeedFileFormat = "txt" | "jsonl";
export type ParsedSeed = { text: string; tags: string[]; line: number };
export type SeedFileError = { line: number; field?: string; message: string };
export type SeedFileParseResult =
  { ok: true; seeds: ParsedSeed[] } | { ok: false; errors: SeedFileError[] };

/** Errors listed one by one before the rest are summed up in one closing entry. */
export const MAX_REPORTED_ERRORS = 50;

/** The format a seed file's name implies: `.txt` is txt, `.jsonl` or `.ndjson` is jsonl, else null. */
export function formatFromFileName(name: string): SeedFileFormat | null {
  const lower = name.trim().toLowerCase();
  if (lower.endsWith(".txt")) return "txt";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
  return null;
}

/**
 * Parses an uploaded seed file; line numbers are 1-based. A UTF-8 BOM and CRLF or CR line ends are
 * accepted; blank lines are skipped.
 *
 * txt: one seed instruction per line. A line whose first non-blank character is `#` is a comment;
 * a seed that itself starts with `#` is written `\#...` (one leading backslash before the `#` is
 * removed), which is what serializeSeeds writes.
 *
 * jsonl: one object per line with a string `instruction`. `tags` may be an array of strings or a
 * comma-separated string. Every other string, number or boolean field becomes a tag `key:value`,
 * slugified (`{"instruction": "...", "category": "length"}` gets `category:length`); values that
 * slugify to nothing are skipped, nested objects and arrays ignored.
 *
 * A line holding U+FFFD is refused: it is what decoding a file that is not UTF-8 leaves behind.
 *
 * Every problem is reported (the first MAX_REPORTED_ERRORS, then a summary), including two lines
 * that normalize to the same instruction. A file without any seed is an error.
 */
export function parseSeedFile(
  content: string,
  format: SeedFileFormat,
  opts?: { fileName?: string },
): SeedFileParseResult {
  const errors: SeedFileError[] = [];
  const seeds: ParsedSeed[] = [];
  const firstLineOf = new Map<string, number>();
  const lines = content.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);

  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    // Browsers and servers that decode leniently leave U+FFFD where the bytes were not UTF-8.
    if (raw.includes("\uFFFD")) {
      errors.push({
        line,
        message:
          "Contains U+FFFD, the mark of bytes that were not valid UTF-8; save the file as UTF-8 and import it again.",
      });
      return;
    }
    const entry = format === "txt" ? readTxtLine(raw) : readJsonlLine(raw, line, errors);
    if (entry === null) return;
    // txt lines have no fields; jsonl problems with the text belong to its instruction field.
    const field = format === "jsonl" ? { field: "instruction" } : {};
    const checked = validateSeedText(entry.text);
    if (!checked.ok) {
      errors.push({ line, ...field, message: checked.message });
      return;
    }
    const key = normalizeInstruction(checked.text);
    if (key === "") {
      errors.push({
        line,
        ...field,
        message: "Seed instruction has no words, only punctuation or list markers.",
      });
      return;
    }
    const first = firstLineOf.get(key);
    if (first !== undefined) {
      errors.push({
        line,
        ...field,
        message: `Line ${line} repeats the seed instruction on line ${first}.`,
      });
      return;
    }
    firstLineOf.set(key, line);
    seeds.push({ text: checked.text, tags: entry.tags, line });
  });

  if (errors.length > 0) return { ok: false, errors: capErrors(errors) };
  if (seeds.length === 0) {
    const where = opts?.fileName ? ` in ${opts.fileName}` : "";
    return { ok: false, errors: [{ line: 1, message: `No seed instructions found${where}.` }] };
  }
  return { ok: true, seeds };
}

function capErrors(errors: SeedFileError[]): SeedFileError[] {
  const extra = errors[MAX_REPORTED_ERRORS];
  if (extra === undefined) return errors;
  const rest = errors.length - MAX_REPORTED_ERRORS;
  return [
    ...errors.slice(0, MAX_REPORTED_ERRORS),
    {
      line: extra.line,
      message: `${rest} more error${rest === 1 ? "" : "s"} not shown, the next on line ${extra.line}.`,
    },
  ];
}

function readTxtLine(raw: string): { text: string; tags: string[] } | null {
  const trimmed = raw.trim();
  if (trimmed.startsWith("#")) return null;
  return { text: /^\\+#/.test(trimmed) ? trimmed.slice(1) : trimmed, tags: [] };
}

function readJsonlLine(
  raw: string,
  line: number,
  errors: SeedFileError[],
): { text: string; tags: string[] } | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    errors.push({
      line,
      message: `Invalid JSON: ${error instanceof Error ? error.message : String(error)}`,
    });
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    errors.push({ line, message: "Expected a JSON object with a string field instruction." });
    return null;
  }
  const record = value as Record<string, unknown>;
  const instruction = record.instruction;
  if (typeof instruction !== "string") {
    const problem = instruction === undefined ? "is missing" : "must be a string";
    errors.push({ line, field: "instruction", message: `Field instruction ${problem}.` });
    return null;
  }

  const tags: string[] = [];
  let tagsOk = true;
  for (const [key, fieldValue] of Object.entries(record)) {
    if (key === "instruction") continue;
    if (key === "tags") {
      const given = readTags(fieldValue);
      if (given === null) {
        errors.push({
          line,
          field: "tags",
          message: "Field tags must be an array of strings or a comma-separated string.",
        });
        tagsOk = false;
        continue;
      }
      for (const tag of given) {
        const slug = slugify(tag, true);
        const parsed = tagSchema.safeParse(slug);
        if (!parsed.success) {
          errors.push({
            line,
            field: "tags",
            message: `Tag "${tag}": ${parsed.error.issues[0]?.message ?? "invalid"}`,
          });
          tagsOk = false;
        } else tags.push(parsed.data);
      }
    } else if (
      typeof fieldValue === "string" ||
      typeof fieldValue === "number" ||
      typeof fieldValue === "boolean"
    ) {
      const tag = metadataTag(key, String(fieldValue));
      if (tag !== null) tags.push(tag);
    }
  }
  // The instruction is still validated so one line reports all its problems.
  if (!tagsOk) {
    const checked = validateSeedText(instruction);
    if (!checked.ok) errors.push({ line, field: "instruction", message: checked.message });
    return null;
  }
  return { text: instruction, tags: normalizeTags(tags) };
}

function readTags(value: unknown): string[] | null {
  if (typeof value === "string") return value.split(",").filter((tag) => tag.trim() !== "");
  if (Array.isArray(value) && value.every((tag): tag is string => typeof tag === "string"))
    return value;
  return null;
}

// Runs of anything but a-z 0-9 _ . (and ":" when allowed) become "-". Metadata keys and values
// are slugified without ":" because it separates them in the tag.
function slugify(text: string, keepColon: boolean): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(keepColon ? /[^a-z0-9_.:]+/g : /[^a-z0-9_.]+/g, "-")
    .replace(/^[-_.:]+|-+$/g, "");
}

function metadataTag(key: string, value: string): string | null {
  const k = slugify(key, false);
  const v = slugify(value, false);
  if (k === "" || v === "") return null;
  // Long metadata values are cut rather than refused: they label a seed, they are not data.
  const tag = `${k}:${v}`.slice(0, TAG_MAX_LENGTH).replace(/[-:]+$/, "");
  return tagSchema.safeParse(tag).success ? tag : null;
}

/**
 * Writes seeds for download. jsonl is exact: `{"instruction": ..., "tags": [...]}` per line, and
 * parseSeedFile reads it back to the same seeds. txt keeps only the text, one seed per line: line
 * breaks inside a seed become single spaces (a line is a seed), and a seed starting with `#` gets
 * a `\` so it is not read back as a comment. Ends with a newline unless there are no seeds.
 */
export function serializeSeeds(
  seeds: Array<{ text: string; tags: string[] }>,
  format: SeedFileFormat,
): string {
  const lines = seeds.map((seed) => {
    if (format === "jsonl") return JSON.stringify({ instruction: seed.text, tags: seed.tags });
    const oneLine = seed.text.trim().replace(/\s*(?:\r\n|\r|\n)\s*/g, " ");
    return /^\\*#/.test(oneLine) ? `\\${oneLine}` : oneLine;
  });
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
