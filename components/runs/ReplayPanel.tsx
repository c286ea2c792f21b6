"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { getAt, setAt } from "@/lib/schemas/configFields";
import { ErrorAlert } from "../ui/ErrorAlert";
import { fieldProblems } from "../trpc/problems";
import { useTRPC } from "../trpc/trpc";

/** The thresholds replay can change without new LLM work (fields of the pipeline config). */
const KNOBS = [
  {
    path: ["crossValidate", "functionAccuracyThreshold"],
    label: "Function accuracy >",
    step: 0.05,
  },
  { path: ["crossValidate", "minKeptFunctions"], label: "Min kept functions", step: 1 },
  { path: ["execute", "sftPassRateThreshold"], label: "SFT pass rate >", step: 0.05 },
  { path: ["score", "threshold"], label: "Score ≥", step: 0.5 },
  { path: ["pairs", "chosenPassRate"], label: "Chosen pass rate >", step: 0.05 },
  { path: ["pairs", "maxPerSide"], label: "Pairs per side", step: 1 },
] as const;

/** Threshold controls whose funnel is recomputed live from stored results, and applied on request. */
export function ReplayPanel({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const project = useQuery(trpc.project.byId.queryOptions({ id: projectId }));
  const [draft, setDraft] = useState<unknown>(null);
  const config = draft ?? project.data?.config ?? null;
  const deferred = useDeferredValue(config);
  const preview = useQuery({
    ...trpc.run.replayPreview.queryOptions({ projectId, config: deferred }),
    enabled: deferred !== null,
  });
  // The last preview that answered: shown (marked stale) while the draft is invalid or updating,
  // so a typo does not take the numbers away (derived state, set during render).
  const [lastGood, setLastGood] = useState(preview.data);
  if (preview.data && preview.data !== lastGood) setLastGood(preview.data);
  const saved = useQuery({
    ...trpc.run.replayPreview.queryOptions({ projectId, config: project.data?.config ?? null }),
    enabled: Boolean(project.data),
  });
  const apply = useMutation(
    trpc.run.replayApply.mutationOptions({
      onSuccess: async () => {
        setDraft(null);
        await queryClient.invalidateQueries();
      },
    }),
  );
  if (!config) return null;
  // While the draft is invalid the last good preview stays, and each bad knob says why.
  const problems = fieldProblems(preview.error);
  const p = preview.data ?? lastGood;
  const stale = preview.data === undefined && lastGood !== undefined;
  const s = saved.data;
  const funnelTotal = (item: string) => p?.reconcile.find((r) => r.item === item)?.funnelTotal;
  const row = (
    label: string,
    item: string,
    now: number | undefined,
    before: number | undefined,
    total?: number,
  ) => (
    <tr key={label}>
      <td>{label}</td>
      <td className="num">{total ?? ""}</td>
      <td
        className={`num${total !== undefined && funnelTotal(item) !== undefined && funnelTotal(item) !== total ? " changed-value" : ""}`}
      >
        {funnelTotal(item) ?? ""}
      </td>
      <td className="num">{before ?? ""}</td>
      <td className={`num${now !== before ? " changed-value" : ""}`}>{now ?? ""}</td>
    </tr>
  );
  const differences = p?.reconcile.filter((r) => r.why !== null) ?? [];
  return (
    <section className="panel" aria-label="Replay" style={{ marginTop: 12 }}>
      <h2>Replay at other thresholds</h2>
      <p className="hint">
        Every decision from cross-validation on is recomputed from the stored execution matrix,
        judge labels and scores: no LLM call. Apply writes the decisions and saves these thresholds
        to the project.
      </p>
      <div className="toolbar">
        {KNOBS.map((k) => {
          const id = `replay-${k.path.join("-")}`;
          const problem = problems[k.path.join(".")];
          return (
            <span key={id} className="toolbar" style={{ margin: 0 }}>
              <label htmlFor={id}>{k.label}</label>
              <input
                id={id}
                type="number"
                step={k.step}
                style={{ width: 70 }}
                value={String(getAt(config, [...k.path]) ?? "")}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? `${id}-problem` : undefined}
                onChange={(e) =>
                  setDraft(
                    setAt(config, [...k.path], e.target.value === "" ? "" : Number(e.target.value)),
                  )
                }
              />
              {problem ? (
                <span id={`${id}-problem`} className="field-error">
                  {problem}
                </span>
              ) : null}
            </span>
          );
        })}
      </div>
      <ErrorAlert error={preview.error ?? apply.error} />
      {stale ? (
        <p
          id="replay-stale"
          className="hint stale-note"
          role="status"
          aria-label="Replay preview state"
        >
          {preview.error
            ? "Stale: the preview of the last valid thresholds. Fix the marked field to update it."
            : "Updating the preview…"}
        </p>
      ) : null}
      {p ? (
        <table
          className={`grid${stale ? " stale" : ""}`}
          aria-label="Replayed funnel"
          aria-describedby={stale ? "replay-stale" : undefined}
          style={{ maxWidth: 560 }}
        >
          <thead>
            <tr>
              <th>Items</th>
              <th className="num">Replayed</th>
              <th className="num">In the funnel</th>
              <th className="num">Kept now</th>
              <th className="num">Kept at these thresholds</th>
            </tr>
          </thead>
          <tbody>
            {row(
              "instructions",
              "instructions",
              p.instructions.kept,
              s?.instructions.kept,
              p.instructions.total,
            )}
            {row("verifiers", "verifiers", p.verifiers.kept, s?.verifiers.kept, p.verifiers.total)}
            {row(
              "test cases",
              "test cases",
              p.testCases.kept,
              s?.testCases.kept,
              p.testCases.total,
            )}
            {row(
              "responses (SFT)",
              "responses",
              p.responses.kept,
              s?.responses.kept,
              p.responses.total,
            )}
            {row("DPO pairs", "pairs", p.pairs, s?.pairs)}
          </tbody>
        </table>
      ) : null}
      {differences.length > 0 ? (
        <ul className="hint" aria-label="Why replay and funnel totals differ">
          {differences.map((d) => (
            <li key={d.item}>
              {d.item}: {d.funnelTotal} in the funnel, {d.replayTotal} replayed; {d.why}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="toolbar" style={{ marginTop: 8 }}>
        <button
          type="button"
          className="primary"
          disabled={draft === null || apply.isPending || Boolean(preview.error)}
          onClick={() => apply.mutate({ projectId, config })}
        >
          Apply these thresholds
        </button>
        <button type="button" disabled={draft === null} onClick={() => setDraft(null)}>
          Reset
        </button>
      </div>
    </section>
  );
}
