"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useTRPC, type RouterOutputs } from "../trpc/trpc";

type Matrix = RouterOutputs["compose"]["matrix"];
type Cell = Matrix["cells"][number];

/** The heat map's classes and words per verdict and evidence, strongest evidence first. */
const LEGEND: Array<{ key: string; label: string }> = [
  { key: "compatible-known", label: "compatible: a known text passes both" },
  { key: "compatible-generated", label: "compatible: a generated answer passes both" },
  { key: "compatible-judge", label: "compatible by the judge (unverified)" },
  { key: "conflict-judge", label: "conflict by the judge (no witness found; unverified)" },
  { key: "unknown-none", label: "not decided" },
];
const cellKey = (c: Pick<Cell, "verdict" | "evidence">) => `${c.verdict}-${c.evidence}`;
const words = (c: Pick<Cell, "verdict" | "evidence">) =>
  LEGEND.find((l) => l.key === cellKey(c))?.label ?? `${c.verdict} (${c.evidence})`;

function PairDetail({ projectId, a, b }: { projectId: number; a: number; b: number }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.compose.pair.queryOptions({ projectId, a, b }));
  if (q.error) return <ErrorAlert error={q.error} title="Could not load the pair" />;
  const p = q.data;
  if (!p) return <p className="hint">Loading…</p>;
  const link = (i: { id: number; number: number | null }) => (
    <Link href={`/projects/${projectId}/instructions?i=${i.id}`}>#{i.number ?? i.id}</Link>
  );
  return (
    <section className="panel" aria-label="Pair">
      <h2>
        {link(p.a)} and {link(p.b)}:{" "}
        <span className={`badge conflict-${cellKey(p)}`}>{p.verdict}</span>
      </h2>
      <dl className="facts">
        <dt>#{p.a.number ?? p.a.id}</dt>
        <dd className="text-cell">{p.a.text}</dd>
        <dt>#{p.b.number ?? p.b.id}</dt>
        <dd className="text-cell">{p.b.text}</dd>
        <dt>Evidence</dt>
        <dd>
          {words(p)}
          {p.attempts > 0 ? (
            <span className="hint">
              {" "}
              · {p.attempts} generator attempt{p.attempts === 1 ? "" : "s"}
            </span>
          ) : null}
        </dd>
      </dl>
      {p.witness !== null ? (
        <>
          <h3>
            Witness <span className="hint">{p.witnessSource}</span>
          </h3>
          <p className="hint">Every kept verifier of both instructions passes this text.</p>
          <pre className="text-cell witness" aria-label="Witness">
            {p.witness}
          </pre>
        </>
      ) : (
        <>
          <h3>Why there is no witness</h3>
          <p className="text-cell" aria-label="Why not">
            {p.reason ?? "No reason recorded."}
          </p>
        </>
      )}
    </section>
  );
}

/**
 * The project's conflict matrix: which atomic instructions may be joined in one compound, found
 * by execution (compose stage). A heat map of the checked pairs; a cell opens its witness or why
 * there is none.
 */
export function ConflictMatrixPage({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.compose.matrix.queryOptions({ projectId }));
  const [selected, setSelected] = useState<{ a: number; b: number } | null>(null);
  const m = q.data;
  const byPair = new Map((m?.cells ?? []).map((c) => [`${c.a}:${c.b}`, c]));
  const cellOf = (x: number, y: number) => byPair.get(x < y ? `${x}:${y}` : `${y}:${x}`);
  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>Conflicts</h1>
          <p className="subtitle">
            Which atomic instructions can hold in one answer, found by execution when the compose
            stage joins them: a text that passes both instructions&apos; kept verifiers proves them
            compatible; without one, the judge&apos;s verdict stands, marked unverified. Click a
            cell for its witness or why there is none.
          </p>
        </div>
      </div>
      <ErrorAlert error={q.error} title="Could not load the conflict matrix" />
      {m && m.cells.length === 0 ? (
        <div className="empty">
          No pair checked yet. Turn on <Link href={`/projects/${projectId}/settings`}>compose</Link>{" "}
          in the settings (compose.enabled) and run the pipeline: the compose stage checks every
          pair it joins.
        </div>
      ) : null}
      {m && m.cells.length > 0 ? (
        <>
          <p className="hint" role="status">
            {m.totals.map((t) => `${t.pairs} ${words(t)}`).join(" · ")}
            {m.involved > m.instructions.length
              ? ` · showing the ${m.instructions.length} of ${m.involved} instructions in the most checked pairs`
              : ""}
          </p>
          <ul className="conflict-legend" aria-label="Legend">
            {LEGEND.map((l) => (
              <li key={l.key}>
                <span className={`conflict-swatch conflict-${l.key}`} /> {l.label}
              </li>
            ))}
            <li>
              <span className="conflict-swatch" /> not checked (never drawn together)
            </li>
          </ul>
          <div className="conflict-split">
            <div className="conflict-scroll">
              <table className="conflict-matrix" aria-label="Conflict matrix">
                <thead>
                  <tr>
                    <th />
                    {m.instructions.map((i) => (
                      <th key={i.id} scope="col" title={i.text}>
                        #{i.number ?? i.id}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {m.instructions.map((row) => (
                    <tr key={row.id}>
                      <th scope="row" title={row.text}>
                        #{row.number ?? row.id}
                      </th>
                      {m.instructions.map((col) => {
                        if (col.id === row.id) return <td key={col.id} className="conflict-self" />;
                        const c = cellOf(row.id, col.id);
                        if (!c) return <td key={col.id} />;
                        const pressed =
                          selected !== null &&
                          ((selected.a === row.id && selected.b === col.id) ||
                            (selected.a === col.id && selected.b === row.id));
                        return (
                          <td key={col.id}>
                            <button
                              type="button"
                              className={`conflict-cell conflict-${cellKey(c)}`}
                              aria-pressed={pressed}
                              aria-label={`#${row.number ?? row.id} and #${col.number ?? col.id}: ${words(c)}`}
                              title={`#${row.number ?? row.id} and #${col.number ?? col.id}: ${words(c)}`}
                              onClick={() => setSelected({ a: row.id, b: col.id })}
                            />
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="conflict-detail">
              {selected ? (
                <PairDetail
                  key={`${selected.a}:${selected.b}`}
                  projectId={projectId}
                  a={selected.a}
                  b={selected.b}
                />
              ) : (
                <div className="empty">
                  Click a coloured cell to see the pair&apos;s witness, or why there is none.
                </div>
              )}
            </div>
          </div>
        </>
      ) : null}
    </main>
  );
}
