"use client";

import type { ConfigField } from "@/lib/schemas/configFields";

// Units and acronyms that camelCase splitting would mangle ("Deadline ms", "Sft").
const unitWords: Record<string, string> = {
  ms: "(ms)",
  mb: "(MiB)",
  kb: "(KiB)",
  usd: "(USD)",
  sft: "SFT",
  url: "URL",
  llm: "LLM",
  api: "API",
  env: "variable",
};

function labelOf(key: string) {
  const words = key
    .replace(/([A-Z])/g, " $1")
    .toLowerCase()
    .split(" ")
    .map((w) => unitWords[w] ?? w)
    .join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const finite = (n: number | undefined) => n !== undefined && Math.abs(n) < 1e15;

/** One configuration knob: label, input of the right kind, help line, and its error in place. */
export function ConfigKnob(props: {
  field: ConfigField;
  value: unknown;
  raw: string | undefined;
  error: string | undefined;
  changed: boolean;
  onChange: (value: unknown, raw?: string) => void;
}) {
  const { field } = props;
  const id = `knob-${field.path.join("-")}`;
  const key = field.path[field.path.length - 1] ?? "";
  const describedBy = props.error ? `${id}-error` : `${id}-hint`;
  let input;
  if (field.kind === "boolean") {
    input = (
      <input
        id={id}
        type="checkbox"
        checked={props.value === true}
        aria-describedby={describedBy}
        onChange={(e) => props.onChange(e.target.checked)}
      />
    );
  } else if (field.kind === "enum") {
    input = (
      <select
        id={id}
        value={String(props.value ?? "")}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {(field.options ?? []).map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else {
    const numeric = field.kind === "number" || field.kind === "integer";
    const shown =
      props.raw ?? (props.value === null || props.value === undefined ? "" : String(props.value));
    input = (
      <input
        id={id}
        type="text"
        inputMode={numeric ? "decimal" : undefined}
        value={shown}
        placeholder={field.nullable ? "no cap" : field.optional ? "from environment" : undefined}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => {
          const text = e.target.value;
          if (text.trim() === "") {
            props.onChange(field.nullable ? null : field.optional ? undefined : "", text);
          } else if (numeric) {
            const n = Number(text.trim());
            props.onChange(Number.isNaN(n) ? text : n, text);
          } else props.onChange(text, text);
        }}
      />
    );
  }
  const whole = field.kind === "integer" ? ", whole numbers" : "";
  const range =
    finite(field.min) && finite(field.max)
      ? ` Range ${field.min} to ${field.max}${whole}.`
      : finite(field.min)
        ? ` At least ${field.min}${whole}.`
        : "";
  return (
    <div className={`knob${props.changed ? " changed" : ""}`}>
      <label htmlFor={id}>{labelOf(key)}</label>
      {input}
      {props.error ? (
        <div id={`${id}-error`} role="alert" className="field-error">
          {props.error}
        </div>
      ) : null}
      <div id={`${id}-hint`} className="hint">
        {field.description}
        {range}
      </div>
    </div>
  );
}
