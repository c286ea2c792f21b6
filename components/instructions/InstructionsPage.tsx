"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { helpRows, INSTRUCTION_LIST_KEYS } from "@/lib/review/keys";
import { AUDIT_KEYS } from "../audit/auditKeys";
import { InstructionAudit } from "../audit/InstructionAudit";
import { AuditVerdicts, type GiveAuditVerdict } from "../audit/VerdictBar";
import { ShortcutsDialog } from "../ui/ShortcutsDialog";
import { ReviewerPicker } from "../review/ReviewerPicker";
import { ProgressText } from "../review/ReviewProgress";
import { useReviewer } from "../review/useReviewer";
import { useReviewKeys } from "../review/useReviewKeys";
import { useUrlFilter } from "../review/useUrlFilter";
import { VirtualList } from "../review/VirtualList";
import { useVerdicts } from "../review/useVerdicts";
import { VerdictToastView } from "../review/VerdictToastView";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useTRPC, type RouterOutputs } from "../trpc/trpc";
import { InstructionFilters, instructionsUrlSchema } from "./InstructionFilters";
import { ReferenceImportPanel } from "./ReferenceImportPanel";

const PAGE = 200;
type InstructionRow = RouterOutputs["instruction"]["list"]["rows"][number];
const ROW_HEIGHT = 68;
// The audit's lists and details are refetched after a verdict; no cached rows to patch in place.
const noPatch = () => {};

function InstructionRowView({ r, onOpen }: { r: InstructionRow; onOpen: (id: number) => void }) {
  return (
    <>
      <div className="review-row-meta">
        <span className="num">#{r.number}</span>
        <span className={`badge status-${r.pipelineStatus}`}>{r.pipelineStatus}</span>
        {r.kind === "compound" ? (
          <span
            className="badge"
            title="a compound instruction: its constraints are these atomic instructions"
          >
            {r.constraintCount} constraints:{" "}
            {r.constituents.map((c, i) => (
              <span key={c.id}>
                {i > 0 ? ", " : ""}
                <a
                  href={`?i=${c.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    e.stopPropagation();
                    onOpen(c.id);
                  }}
                  aria-label={`constituent instruction #${c.number ?? c.id}`}
                >
                  #{c.number ?? c.id}
                </a>
              </span>
            ))}
          </span>
        ) : null}
        {r.reviewStatus !== "unreviewed" ? (
          <span className={`badge review-${r.reviewStatus}`}>{r.reviewStatus}</span>
        ) : null}
        <span className="num" title="kept / current verifiers">
          fn {r.keptVerifiers}/{r.verifiers}
        </span>
        <span className="num" title="kept / all test cases">
          cases {r.keptCases}/{r.cases}
        </span>
        {r.compileErrors > 0 ? (
          <span className="badge status-dropped" title="verifiers that do not compile">
            {r.compileErrors} compile
          </span>
        ) : null}
        {r.runtimeError ? (
          <span className="outcome outcome-error" title="a verifier errors on a case or response">
            errors
          </span>
        ) : null}
      </div>
      <div className="review-row-text">{r.text}</div>
      {r.dropReason ? <div className="review-row-text hint">{r.dropReason}</div> : null}
    </>
  );
}

/** Find a bad verifier: every instruction of a project in a virtualized, filtered list; the audit of the selected one beside it. */
export function InstructionsPage({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const [reviewer] = useReviewer();
  // Filters, search and the selected instruction live in the URL.
  const [filter, setFilter] = useUrlFilter(instructionsUrlSchema);
  const search = filter.search ?? "";
  const selected = filter.i ?? null;
  // How many responses the audit loads; a link or a benchmark may ask for more than the default.
  const responseLimit = filter.n;
  const select = useCallback((id: number) => setFilter({ i: id }), [setFilter]);
  const [help, setHelp] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const input = {
    projectId,
    status: filter.status,
    review: filter.review,
    reason: filter.reason,
    flag: filter.flag,
    constraints: filter.c,
    search,
    limit: PAGE,
  };
  const list = useInfiniteQuery({
    ...trpc.instruction.list.infiniteQueryOptions(input, {
      initialCursor: 0,
      getNextPageParam: (last, pages) => {
        const loaded = pages.reduce((n, p) => n + p.rows.length, 0);
        return loaded < last.total ? loaded : undefined;
      },
    }),
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.rows) ?? [], [list.data]);
  const first = list.data?.pages[0];
  const [range, setRange] = useState<[number, number]>([0, 0]);
  const onRange = useCallback(
    (a: number, b: number) => setRange((r) => (r[0] === a && r[1] === b ? r : [a, b])),
    [],
  );
  useEffect(() => {
    if (range[1] >= rows.length - 20 && list.hasNextPage && !list.isFetchingNextPage)
      void list.fetchNextPage();
  }, [range, rows.length, list]);

  const index = rows.findIndex((r) => r.id === selected);
  const moveTo = (i: number) => {
    const r = rows[i];
    if (r) select(r.id);
  };
  // Verdicts on instructions and verifiers go through the review pages' queue: each one a recorded
  // batch, shown in the toast with Undo, and `u` takes back the latest (the server restores status).
  const verdicts = useVerdicts({ projectId, itemKind: "instruction", reviewer, patch: noPatch });
  const toastRef = useRef<HTMLDivElement>(null);
  const give: GiveAuditVerdict = useCallback(
    (kind, id, verdict, reason, label) =>
      verdicts.record(id, verdict, reason.trim(), index, label, kind),
    [verdicts, index],
  );
  const undo = () => {
    const back = verdicts.undo();
    // An undone instruction verdict brings its instruction back into view.
    if (back?.itemKind === "instruction" && back.itemId !== selected) select(back.itemId);
  };
  // The review queue's keys: j / k move (the list keeps the selection in view), / and ?; the
  // audit beside the list handles its own keys (a, r, f, e, x).
  useReviewKeys(INSTRUCTION_LIST_KEYS, (action) => {
    if (action === "next") moveTo(Math.min(rows.length - 1, index + 1));
    else if (action === "prev") moveTo(Math.max(0, index - 1));
    else if (action === "search") searchRef.current?.focus();
    else if (action === "help") setHelp(true);
    else if (action === "undo") undo();
    else if (action === "toast") toastRef.current?.querySelector("button")?.focus();
    else return false;
    return true;
  });

  return (
    <main className="page audit-page">
      <div className="page-header">
        <div>
          <h1>Instructions</h1>
          <p className="subtitle">
            Find a bad verifier: filter the instructions, open one, run its verifiers in the
            browser, fix one, and see what the fix changes. Press ? for shortcuts.
          </p>
        </div>
        <ReviewerPicker />
      </div>
      <ReferenceImportPanel projectId={projectId} />
      <InstructionFilters
        filter={filter}
        counts={first?.counts}
        onChange={setFilter}
        searchRef={searchRef}
      />
      <ErrorAlert error={list.error} title="Could not load instructions" />
      <ErrorAlert error={verdicts.error} />
      {first && first.counts.all === 0 ? (
        <div className="empty">
          No instructions yet. Start a run on the Runs page: augmentation writes them from your seed
          instructions. Or import a file of the AutoIF reference scripts above.
        </div>
      ) : null}
      {first && first.counts.all > 0 ? (
        <div className="audit-split">
          <div>
            <div className="hint list-count" role="status">
              {first.total} instruction{first.total === 1 ? "" : "s"} match
            </div>
            <ProgressText
              kind="instructions"
              reviewed={first.counts.all - (first.counts.review.unreviewed ?? 0)}
              total={first.counts.all}
            />
            <VirtualList
              label="Instructions"
              total={rows.length}
              cursor={index}
              row={(i) => rows[i]}
              onSelect={moveTo}
              onRange={onRange}
              rowHeight={ROW_HEIGHT}
              renderRow={(r) => <InstructionRowView r={r} onOpen={select} />}
            />
          </div>
          <div className="audit-detail">
            {selected !== null ? (
              <AuditVerdicts.Provider value={give}>
                <InstructionAudit
                  key={selected}
                  id={selected}
                  reviewer={reviewer}
                  initialLimit={responseLimit}
                />
              </AuditVerdicts.Provider>
            ) : (
              <div className="empty">
                Select an instruction (click, or j / k) to audit its verifiers, test cases and
                responses.
              </div>
            )}
          </div>
        </div>
      ) : null}
      <VerdictToastView
        toast={verdicts.toast}
        onUndo={undo}
        onDismiss={verdicts.dismiss}
        regionRef={toastRef}
      />
      <ShortcutsDialog
        open={help}
        onOpenChange={setHelp}
        keys={[...helpRows(INSTRUCTION_LIST_KEYS), ...AUDIT_KEYS]}
        note="Keys act on the page, not while you type in a field or in the code editor."
      />
    </main>
  );
}
