import type { z } from "zod";

/** One editable knob of a configuration form, derived from its zod schema. */
export interface ConfigField {
  /** Path from the config root, e.g. ["llm", "generator", "temperature"]. */
  path: string[];
  kind: "number" | "integer" | "enum" | "boolean" | "string";
  options?: readonly string[];
  /** Empty input means null (a cap that is off). */
  nullable: boolean;
  /** Empty input means the key is left out (e.g. use the environment's base URL). */
  optional: boolean;
  min?: number;
  max?: number;
  description: string;
}

/** A titled group of knobs: one stage, or one LLM role. */
export interface ConfigGroup {
  path: string[];
  description: string;
  fields: ConfigField[];
}

interface Introspectable {
  def: { type: string; innerType?: Introspectable };
  description?: string;
  shape?: Record<string, Introspectable>;
  options?: readonly string[];
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
}

function leaf(schema: Introspectable, path: string[], description: string): ConfigField | null {
  let inner = schema;
  let nullable = false;
  let optional = false;
  while (inner.def.innerType) {
    if (inner.def.type === "nullable") nullable = true;
    if (inner.def.type === "optional") optional = true;
    inner = inner.def.innerType;
  }
  const base = { path, nullable, optional, description: description || inner.description || "" };
  switch (inner.def.type) {
    case "number":
      return {
        ...base,
        kind: inner.isInt ? "integer" : "number",
        min: inner.minValue ?? undefined,
        max: inner.maxValue ?? undefined,
      };
    case "enum":
      return { ...base, kind: "enum", options: inner.options ?? [] };
    case "boolean":
      return { ...base, kind: "boolean" };
    case "string":
      return { ...base, kind: "string" };
    default:
      return null;
  }
}

/**
 * Walks an object schema and lists its knobs group by group (nested objects become their own
 * groups), so the settings form follows the schema and cannot drift from it.
 */
export function configGroups(schema: z.ZodType): ConfigGroup[] {
  const groups: ConfigGroup[] = [];
  const visit = (node: Introspectable, path: string[]) => {
    const group: ConfigGroup = { path, description: node.description ?? "", fields: [] };
    const children: Array<[Introspectable, string[]]> = [];
    for (const [key, child] of Object.entries(node.shape ?? {})) {
      if (child.def.type === "object") children.push([child, [...path, key]]);
      else {
        const field = leaf(child, [...path, key], child.description ?? "");
        if (field) group.fields.push(field);
      }
    }
    if (group.fields.length > 0) groups.push(group);
    for (const [child, childPath] of children) visit(child, childPath);
  };
  visit(schema as unknown as Introspectable, []);
  return groups;
}

/** Reads the value at `path` of a nested plain object. */
export function getAt(root: unknown, path: string[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A copy of `root` with the value at `path` replaced (or removed when `value` is undefined). */
export function setAt<T>(root: T, path: string[], value: unknown): T {
  const [key, ...rest] = path;
  if (key === undefined) return value as T;
  const node = { ...(root as Record<string, unknown>) };
  if (rest.length === 0) {
    if (value === undefined) delete node[key];
    else node[key] = value;
  } else node[key] = setAt(node[key] ?? {}, rest, value);
  return node as T;
}
