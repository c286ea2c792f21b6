"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { configWarnings } from "@/lib/autoif/configWarnings";
import { configForPreset } from "@/lib/autoif/presets";
import { configGroups, getAt, setAt } from "@/lib/schemas/configFields";
import { issueMessage } from "@/lib/schemas/issueMessage";
import { pipelineConfigSchema, presetNames, type PresetName } from "@/lib/schemas/pipelineConfig";
import { GuidelinesEditor } from "../guidelines/GuidelinesEditor";
import { ErrorAlert } from "../ui/ErrorAlert";
import { fieldProblems } from "../trpc/problems";
import { useTRPC } from "../trpc/trpc";
import { ConfigKnob } from "./ConfigKnob";
import { TestConnection } from "./TestConnection";

const groups = configGroups(pipelineConfigSchema);

const groupTitles: Record<string, string> = {
  augment: "1 · Augment",
  verifyGen: "2 · Verifier generation",
  crossValidate: "3 · Cross-validation",
  backTranslate: "4 · Back-translation",
  compose: "5 · Compound instructions (optional)",
  pairQueries: "6 · Query pairing",
  respond: "7 · Responses",
  execute: "8 · Execution",
  score: "9 · Quality scoring",
  pairs: "10 · DPO pairs",
  sandbox: "Verifier sandbox",
  "llm.generator": "LLM · generator",
  "llm.judge": "LLM · judge",
  budget: "Budget",
};

function groupTitle(path: string[]) {
  return groupTitles[path.join(".")] ?? path.join(" › ");
}

/** Every pipeline knob of a project, validated as typed by the same schema the server uses. */
export function ProjectSettings({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const project = useQuery(trpc.project.byId.queryOptions({ id: projectId }));
  const [draft, setDraft] = useState<{ preset: PresetName; config: unknown } | null>(null);
  const [raw, setRaw] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.project.updateConfig.mutationOptions({
      onSuccess: async () => {
        setDraft(null);
        setRaw({});
        setSaved(true);
        await queryClient.invalidateQueries({ queryKey: trpc.project.pathKey() });
      },
    }),
  );

  const current = useMemo(
    () =>
      draft ?? (project.data ? { preset: project.data.preset, config: project.data.config } : null),
    [draft, project.data],
  );
  const errors = useMemo(() => {
    if (!current) return {};
    const result = pipelineConfigSchema.safeParse(current.config);
    const out: Record<string, string> = { ...fieldProblems(save.error) };
    if (!result.success) {
      for (const issue of result.error.issues) {
        const key = issue.path.map(String).join(".");
        out[key] ??= issueMessage(issue);
      }
    }
    return out;
  }, [current, save.error]);

  // Knobs that each pass but together drop everything: the same rule `autoif run` warns with.
  const contradictions = useMemo(() => {
    const parsed = current ? pipelineConfigSchema.safeParse(current.config) : null;
    return parsed?.success ? configWarnings(parsed.data) : [];
  }, [current]);

  if (project.error)
    return (
      <main className="page">
        <ErrorAlert error={project.error} />
      </main>
    );
  if (!project.data || !current) return <main className="page hint">Loading settings…</main>;
  const stored = project.data.config;
  const invalid = Object.keys(errors).length;

  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>Settings</h1>
          <p className="subtitle">
            The pipeline configuration of this project. Each run keeps a snapshot of it, so editing
            here never changes a run that already started. API keys are not set here: they come from
            the server&apos;s environment.
          </p>
        </div>
      </div>
      <GuidelinesEditor projectId={projectId} />
      <form
        aria-label="Pipeline configuration"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ id: projectId, preset: current.preset, config: current.config });
        }}
      >
        <div className="toolbar panel">
          <label htmlFor="preset">Preset</label>
          <select
            id="preset"
            value={current.preset}
            onChange={(e) => {
              const preset = e.target.value as PresetName;
              setSaved(false);
              setRaw({});
              setDraft({ preset, config: configForPreset(preset) });
            }}
          >
            {presetNames.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          <span className="hint">
            Choosing a preset fills every knob with its values: <b>paper</b> follows the AutoIF
            paper, <b>code</b> the reference scripts. Knobs changed from the saved values are marked
            •.
          </span>
        </div>
        {contradictions.length > 0 ? (
          <div role="alert" aria-label="Settings that contradict each other" className="alert warn">
            <strong>These settings will keep nothing:</strong>
            <ul>
              {contradictions.map((w) => (
                <li key={w.field + w.message}>
                  <code>{w.field}</code>: {w.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <div className="settings-grid">
          {groups.map((g) => (
            <fieldset key={g.path.join(".")}>
              <legend>{groupTitle(g.path)}</legend>
              {g.description ? <div className="hint">{g.description}</div> : null}
              {g.path[0] === "llm" && (g.path[1] === "generator" || g.path[1] === "judge") ? (
                <TestConnection
                  projectId={projectId}
                  role={g.path[1]}
                  settings={getAt(current.config, g.path)}
                />
              ) : null}
              {g.fields.map((f) => {
                const key = f.path.join(".");
                const value = getAt(current.config, f.path);
                return (
                  <ConfigKnob
                    key={key}
                    field={f}
                    value={value}
                    raw={raw[key]}
                    error={errors[key]}
                    changed={JSON.stringify(value) !== JSON.stringify(getAt(stored, f.path))}
                    onChange={(next, text) => {
                      setSaved(false);
                      save.reset();
                      setRaw((r) => {
                        const rest = { ...r };
                        delete rest[key];
                        return text === undefined ? rest : { ...rest, [key]: text };
                      });
                      setDraft({
                        preset: current.preset,
                        config: setAt(current.config, f.path, next),
                      });
                    }}
                  />
                );
              })}
            </fieldset>
          ))}
        </div>
        <div className="sticky-actions">
          <button
            type="submit"
            className="primary"
            disabled={!draft || invalid > 0 || save.isPending}
          >
            Save configuration
          </button>
          <button
            type="button"
            disabled={!draft}
            onClick={() => {
              setDraft(null);
              setRaw({});
              save.reset();
            }}
          >
            Discard changes
          </button>
          {invalid > 0 ? (
            <span className="field-error">{invalid} knob(s) need a valid value before saving.</span>
          ) : null}
          {saved && !draft ? (
            <span role="status" className="hint">
              Saved.
            </span>
          ) : null}
          {save.error && !Object.keys(fieldProblems(save.error)).length ? (
            <ErrorAlert error={save.error} />
          ) : null}
        </div>
      </form>
    </main>
  );
}
