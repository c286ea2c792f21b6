import "server-only";
import { writeTransaction } from "@/db/client";
import { configGroups, getAt, setAt, type ConfigField } from "@/lib/schemas/configFields";
import { pipelineConfigSchema, type PresetName } from "@/lib/schemas/pipelineConfig";
import { DomainError, InvalidInputError } from "../../errors";
import { findProject, updateProjectConfig } from "../../services/projects";
import { printJson, withCliDb } from "../context";

/** Every knob of the settings page, by dotted key, from the same zod schema the studio uses. */
const FIELDS = new Map<string, ConfigField>(
  configGroups(pipelineConfigSchema).flatMap((g) =>
    g.fields.map((f) => [f.path.join("."), f] as const),
  ),
);

function fieldOf(key: string): ConfigField {
  const field = FIELDS.get(key);
  if (field) return field;
  const near = [...FIELDS.keys()].filter((k) =>
    k.toLowerCase().includes(key.split(".").pop()!.toLowerCase()),
  );
  throw new InvalidInputError(
    `${key}: not a setting.${near.length ? ` Did you mean ${near.slice(0, 3).join(", ")}?` : ""} \`settings get --project <p>\` lists them.`,
  );
}

/** The text after `key=` as the knob's type; empty means null for a cap that can be off, and "use the default" for an optional knob. */
function parseValue(key: string, field: ConfigField, text: string): unknown {
  const raw = text.trim();
  if (raw === "" || raw === "null") {
    if (field.nullable) return null;
    if (field.optional && raw === "") return undefined;
    throw new InvalidInputError(`${key}: needs a value.`);
  }
  switch (field.kind) {
    case "number":
    case "integer": {
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new InvalidInputError(`${key}: "${raw}" is not a number.`);
      return n;
    }
    case "boolean":
      if (raw === "true" || raw === "false") return raw === "true";
      throw new InvalidInputError(`${key}: "${raw}" is not true or false.`);
    default:
      return text;
  }
}

/** The schema's message at a knob, with both bounds named when the knob has them. */
function problemMessage(key: string, message: string): string {
  const field = FIELDS.get(key);
  if (
    field?.min !== undefined &&
    field.max !== undefined &&
    /^Must be (at most|at least|less than|more than) /.test(message)
  ) {
    return `must be between ${field.min} and ${field.max}${field.kind === "integer" ? " (a whole number)" : ""}`;
  }
  return message.charAt(0).toLowerCase() + message.slice(1).replace(/\.$/, "");
}

const show = (value: unknown) =>
  value === undefined
    ? ""
    : value === null
      ? "null"
      : typeof value === "string"
        ? value
        : JSON.stringify(value);

/** `settings get --project p [key...]`: `key=value` lines (the input `settings set` takes), or JSON. */
export function settingsGetCommand(keys: string[], opts: { project: string; json?: boolean }) {
  return withCliDb((db) => {
    const project = findProject(db, opts.project);
    const wanted = keys.length > 0 ? keys : [...FIELDS.keys()];
    for (const key of wanted) fieldOf(key);
    const settings = Object.fromEntries(
      wanted.map((key) => [key, getAt(project.config, key.split(".")) ?? null]),
    );
    if (opts.json)
      return printJson({
        project: { id: project.id, name: project.name },
        preset: project.preset,
        settings,
      });
    for (const key of wanted) console.log(`${key}=${show(getAt(project.config, key.split(".")))}`);
  });
}

/**
 * `settings set --project p key=value...`: every change validated together by the studio's
 * schema, through the same service as the Settings page; one bad value writes nothing and the
 * error names the key.
 */
export function settingsSetCommand(
  assignments: string[],
  opts: { project: string; json?: boolean },
) {
  if (assignments.length === 0)
    throw new InvalidInputError(
      "Say what to set: settings set --project <p> key=value [key=value...].",
    );
  // Read, change and save under the write lock: two jobs setting different keys at once both land.
  return withCliDb((db) =>
    writeTransaction(db, (tx) => {
      const project = findProject(tx, opts.project);
      let config: unknown = project.config;
      const changed: string[] = [];
      for (const assignment of assignments) {
        const at = assignment.indexOf("=");
        if (at <= 0)
          throw new InvalidInputError(
            `${assignment}: expected key=value, e.g. execute.sftPassRateThreshold=0.8.`,
          );
        const key = assignment.slice(0, at).trim();
        const value = parseValue(key, fieldOf(key), assignment.slice(at + 1));
        config = setAt(config, key.split("."), value);
        changed.push(key);
      }
      let saved;
      try {
        saved = updateProjectConfig(tx, {
          id: project.id,
          preset: project.preset as PresetName,
          config,
        });
      } catch (error) {
        if (error instanceof DomainError && error.problems.length > 0) {
          throw new InvalidInputError(
            error.problems
              .map((p) => `${p.field ?? "settings"}: ${problemMessage(p.field ?? "", p.message)}`)
              .join("; "),
          );
        }
        throw error;
      }
      const settings = Object.fromEntries(
        changed.map((key) => [key, getAt(saved.config, key.split(".")) ?? null]),
      );
      if (opts.json)
        return printJson({
          project: { id: saved.id, name: saved.name },
          preset: saved.preset,
          settings,
        });
      console.log(`Saved ${changed.length} setting(s) of "${saved.name}":`);
      for (const key of changed)
        console.log(`  ${key}=${show(getAt(saved.config, key.split(".")))}`);
    }),
  );
}
