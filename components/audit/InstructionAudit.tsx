"use client";

import Link from "next/link";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { useTRPC } from "../trpc/trpc";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useBrowserVerifier } from "../verifier/useBrowserVerifier";
import { AgreementPanel } from "./AgreementPanel";
import { typingIn } from "./auditKeys";
import { CaseTable } from "./CaseTable";
import { ChangeSummary, type InstructionChange } from "./ChangeSummary";
import { countAgreement, storedExpectation } from "@/lib/autoif/crossValidate";
import { sandboxLimits } from "@/lib/autoif/sandboxLimits";
import { groupIdentical, liveCell, storedCells } from "./outcomeOf";
import { ResponseMatrix } from "./ResponseMatrix";
import { useLiveRuns } from "./useLiveRuns";
import type { VerifierCode } from "@/lib/verifier/language";
import { codeOf } from "@/lib/autoif/verifierCode";
import { AuditVerdicts, VerdictBar } from "./VerdictBar";
import { VerifierPanel } from "./VerifierPanel";

const RESPONSE_LIMITS = [20, 100, 500, 1000] as const;

/** The audit of one instruction: verifiers in Monaco, test cases, the response matrix, live runs, labels, reviews. */
export function InstructionAudit({
  id,
  reviewer,
  initialLimit = 100,
}: {
  id: number;
  reviewer: string;
  initialLimit?: number;
}) {
  const trpc = useTRPC();
  const [limit, setLimit] = useState<number>(Math.min(2000, initialLimit));
  const q = useQuery({
    ...trpc.instruction.byId.queryOptions({ id, responses: limit }),
    placeholderData: keepPreviousData,
  });
  const browser = useBrowserVerifier();
  const { runs, start, stop } = useLiveRuns(browser);
  const [drafts, setDrafts] = useState<ReadonlyMap<number, VerifierCode>>(new Map());
  const [active, setActive] = useState<number | null>(null);
  const [change, setChange] = useState<{ change: InstructionChange; title: string } | null>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const give = useContext(AuditVerdicts);
  const d = q.data;
  // The project's sandbox limits, so a browser run times out where the pipeline would.
  const project = useQuery({
    ...trpc.project.byId.queryOptions({ id: d?.projectId ?? 0 }),
    enabled: d !== undefined,
  });
  const config = project.data?.config;
  const limits = useMemo(() => (config ? sandboxLimits(config) : undefined), [config]);

  const setDraft = useCallback(
    (vid: number, code: VerifierCode | undefined) =>
      setDrafts((prev) => {
        const next = new Map(prev);
        if (code === undefined) next.delete(vid);
        else next.set(vid, code);
        return next;
      }),
    [],
  );
  const compile = useCallback(
    (code: VerifierCode) => browser.compile(code, limits),
    [browser, limits],
  );

  // Identical verifiers sit collapsed under the one kept for them; they run and show as that one.
  const groups = useMemo(() => groupIdentical(d?.verifiers ?? []), [d]);
  const stored = useMemo(
    () => ({
      cases: storedCells(d?.caseResults ?? []),
      responses: storedCells(d?.responseResults ?? []),
    }),
    [d],
  );
  const cellOf = (kind: "cases" | "responses") => (vid: number, targetId: number) => {
    const live = runs.get(vid)?.[kind].get(targetId);
    return live ? liveCell(live) : stored[kind].get(`${vid}:${targetId}`);
  };
  const run = useCallback(
    (only?: number) => {
      if (!d) return;
      const targets = (
        only === undefined ? groups.shown : d.verifiers.filter((v) => v.id === only)
      ).map((v) => ({ verifierId: v.id, code: drafts.get(v.id) ?? codeOf(v) }));
      void start(targets, d.cases, d.responses, limits);
    },
    [d, groups, drafts, start, limits],
  );

  // The pipeline's rule (lib/autoif), over the kept cases whose outcome has arrived so far.
  const stringBooleans = config?.crossValidate.stringBooleans;
  const liveAccuracy = (vid: number) => {
    const live = runs.get(vid);
    if (!live || !d || stringBooleans === undefined) return null;
    const arrived = d.cases.flatMap((c) => {
      const o = c.pipelineStatus === "kept" ? live.cases.get(c.id) : undefined;
      return o ? [{ expected: storedExpectation(c), verdict: o.verdict }] : [];
    });
    return countAgreement(arrived, stringBooleans);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target) || !d) return;
      if (e.key === "a" || e.key === "r") {
        if (
          !give(
            "instruction",
            d.id,
            e.key === "a" ? "approve" : "reject",
            reasonRef.current?.value ?? "",
            `instruction #${d.number}`,
          )
        )
          return;
      } else if (e.key === "f") {
        e.preventDefault();
        reasonRef.current?.focus();
      } else if (e.key === "e") {
        const v = d.verifiers.find((x) => x.id === active) ?? groups.shown[0];
        if (v && !drafts.has(v.id)) setDraft(v.id, codeOf(v));
      } else if (e.key === "x") {
        run();
      } else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [d, groups, give, active, drafts, setDraft, run]);

  if (q.error) return <ErrorAlert error={q.error} />;
  if (!d) return <p className="hint">Loading…</p>;
  const anyRunning = [...runs.values()].some(
    (r) => r.phase === "running" || r.phase === "compiling",
  );
  return (
    <section aria-label={`Instruction ${d.id}`} className="audit">
      <h2 className="text-cell">{d.text}</h2>
      <p>
        <span className={`badge status-${d.pipelineStatus}`}>{d.pipelineStatus}</span>{" "}
        <span className="hint">after {d.pipelineStage ?? "augment"}</span>{" "}
        {d.reviewStatus !== "unreviewed" ? (
          <span className={`badge review-${d.reviewStatus}`}>{d.reviewStatus}</span>
        ) : null}
      </p>
      {d.dropReason ? <div className="alert error text-cell">Dropped: {d.dropReason}</div> : null}
      {d.constituents.length > 0 ? (
        <div role="region" aria-label="Constraints">
          <h3>Constraints ({d.constituents.length})</h3>
          <p className="hint">
            A compound instruction: each response is checked by every constraint&apos;s own kept
            verifiers (see <Link href={`/projects/${d.projectId}/conflicts`}>Conflicts</Link> for
            why these may be joined).
          </p>
          <ol>
            {d.constituents.map((c) => (
              <li key={c.id}>
                <Link href={`/projects/${d.projectId}/instructions?i=${c.id}`}>
                  #{c.number ?? c.id}
                </Link>{" "}
                <span className="text-cell">{c.text}</span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      {d.partOf.length > 0 ? (
        <p className="hint">
          Part of compound instruction{d.partOf.length === 1 ? "" : "s"}{" "}
          {d.partOf.map((c, i) => (
            <span key={c.id}>
              {i > 0 ? ", " : ""}
              <Link href={`/projects/${d.projectId}/instructions?i=${c.id}`}>
                #{c.number ?? c.id}
              </Link>
            </span>
          ))}
        </p>
      ) : null}
      <VerdictBar
        ref={reasonRef}
        kind="instruction"
        id={d.id}
        label={`instruction #${d.number}`}
        reviewer={reviewer}
      />
      {change ? (
        <ChangeSummary
          change={change.change}
          title={change.title}
          onClose={() => setChange(null)}
        />
      ) : null}

      <h3>Back-translations ({d.backTranslations.length})</h3>
      {d.backTranslations.length === 0 ? (
        <p className="hint">None yet.</p>
      ) : (
        <table className="grid compact" aria-label="Back-translations">
          <thead>
            <tr>
              <th>Verifier</th>
              <th>What the code checks, in words</th>
              <th>Judge</th>
            </tr>
          </thead>
          <tbody>
            {d.backTranslations.map((b) => (
              <tr key={b.id}>
                <td className="nowrap">#{b.verifierNumber}</td>
                <td className="text-cell">{b.text}</td>
                <td>
                  <span className={`badge label-${b.judgeLabel ?? "none"}`}>
                    {b.judgeLabel ?? "—"}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <div className="toolbar run-bar">
        <h3 style={{ margin: 0 }}>Verifiers ({d.verifiers.length})</h3>
        <span className="spacer" />
        <label className="inline-check">
          Responses to run on
          <select
            aria-label="Responses to run on"
            value={limit}
            onChange={(e) => setLimit(Number(e.target.value))}
          >
            {[...new Set([...RESPONSE_LIMITS, limit])]
              .sort((a, b) => a - b)
              .map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
          </select>
        </label>
        <span className="hint">
          {d.responses.length} of {d.responseTotal} responses loaded
        </span>
        <button
          type="button"
          className="small primary"
          onClick={() => run()}
          disabled={anyRunning || d.verifiers.length === 0}
        >
          Run all in browser
        </button>
        {anyRunning ? (
          <button type="button" className="small" onClick={stop}>
            Stop
          </button>
        ) : null}
      </div>
      {d.verifiers.length === 0 ? (
        <p className="hint">No verifiers: the verify-gen stage writes them.</p>
      ) : null}
      {groups.shown.map((v) => (
        <VerifierPanel
          key={v.id}
          v={v}
          identical={groups.identical.get(v.id) ?? []}
          draft={drafts.get(v.id)}
          setDraft={(code) => setDraft(v.id, code)}
          live={runs.get(v.id)}
          liveAccuracy={liveAccuracy(v.id)}
          compile={compile}
          onRun={() => run(v.id)}
          onSaved={(c, version) =>
            setChange({
              change: c,
              title: `Saved verifier #${v.number} as version ${version}: what changed`,
            })
          }
          reviewer={reviewer}
          active={active === v.id}
          onFocus={() => setActive(v.id)}
        />
      ))}

      <h3>Test cases ({d.cases.length})</h3>
      <CaseTable
        data={d}
        cellOf={cellOf("cases")}
        onChanged={(c, title) => setChange({ change: c, title })}
      />
      <h3>Responses × verifiers</h3>
      <ResponseMatrix
        data={d}
        verifiers={groups.shown}
        identical={groups.identical}
        queryKey={trpc.instruction.byId.queryKey({ id, responses: limit })}
        cellOf={cellOf("responses")}
        reviewer={reviewer}
      />
      <h3>Agreement with reviewers&apos; labels</h3>
      <AgreementPanel agreement={d.agreement} />
    </section>
  );
}
