import "server-only";
import { setAt } from "@/lib/schemas/configFields";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import { InvalidInputError } from "../../errors";
import { projectFunnel } from "../../pipeline/funnel";
import { applyReplay, previewReplay, reconcileReplay } from "../../pipeline/replay";
import { findProject, printTable, withCliDb } from "../context";

/** `--set execute.sftPassRateThreshold=0.8`: a dotted knob path and a JSON (or bare string) value. */
function applySets(config: PipelineConfig, sets: string[]): PipelineConfig {
  let next: PipelineConfig = config;
  for (const s of sets) {
    const m = /^([A-Za-z.]+)=(.*)$/.exec(s);
    if (!m)
      throw new InvalidInputError(
        `--set ${s}: expected knob=value, e.g. execute.sftPassRateThreshold=0.8`,
      );
    let value: unknown;
    try {
      value = JSON.parse(m[2]!);
    } catch {
      value = m[2];
    }
    next = setAt(next, m[1]!.split("."), value);
  }
  return next;
}

export function replayCommand(opts: {
  project: string;
  set?: string[];
  apply?: boolean;
  json?: boolean;
}) {
  return withCliDb((db) => {
    const project = findProject(db, opts.project);
    const current = project.config;
    const config = applySets(current, opts.set ?? []);
    // The counts at the saved thresholds first: what is kept now, beside what the new ones keep.
    const before = previewReplay(db, project.id, current);
    const summary = opts.apply
      ? applyReplay(db, project.id, config)
      : previewReplay(db, project.id, config);
    const reconcile = reconcileReplay(db, project.id, summary);
    if (opts.json)
      console.log(
        JSON.stringify(
          { applied: Boolean(opts.apply), current: before, summary, reconcile },
          null,
          2,
        ),
      );
    else {
      console.log(
        `Replay of "${project.name}" at ${opts.set?.length ? opts.set.join(", ") : "the saved thresholds"} (no LLM call)${opts.apply ? ": applied" : ": preview, use --apply to write it"}`,
      );
      const change = (now: number, next: number) =>
        next === now ? "" : next > now ? `+${next - now}` : String(next - now);
      printTable(
        ["items", "replayed", "kept now", "kept at new", "change"],
        [
          [
            "instructions",
            summary.instructions.total,
            before.instructions.kept,
            summary.instructions.kept,
            change(before.instructions.kept, summary.instructions.kept),
          ],
          [
            "verifiers",
            summary.verifiers.total,
            before.verifiers.kept,
            summary.verifiers.kept,
            change(before.verifiers.kept, summary.verifiers.kept),
          ],
          [
            "test cases",
            summary.testCases.total,
            before.testCases.kept,
            summary.testCases.kept,
            change(before.testCases.kept, summary.testCases.kept),
          ],
          [
            "responses",
            summary.responses.total,
            before.responses.kept,
            summary.responses.kept,
            change(before.responses.kept, summary.responses.kept),
          ],
          ["pairs", "", before.pairs, summary.pairs, change(before.pairs, summary.pairs)],
        ],
      );
      for (const r of reconcile)
        if (r.why)
          console.log(
            `  ${r.item}: ${r.funnelTotal} in the funnel, ${r.replayTotal} replayed; ${r.why}`,
          );
      if (opts.apply)
        for (const f of projectFunnel(db, project.id))
          for (const r of f.reasons.slice(0, 3))
            console.log(`  ${f.item} dropped ${r.count}x: ${r.reason}`);
    }
  });
}
