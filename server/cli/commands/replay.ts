import "server-only";
import { setAt } from "@/lib/schemas/configFields";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import { InvalidInputError } from "../../errors";
import { projectFunnel } from "../../pipeline/funnel";
import { applyReplay, previewReplay } from "../../pipeline/replay";
import { cliDb, findProject, printTable } from "../context";

/** `--set execute.sftPassRateThreshold=0.8`: a dotted knob path and a JSON (or bare string) value. */
function applySets(config: PipelineConfig, sets: string[]): PipelineConfig {
  let next: PipelineConfig = config;
  for (const s of sets) {
    const m = /^([A-Za-z.]+)=(.*)$/.exec(s);
    if (!m) throw new InvalidInputError(`--set ${s}: expected knob=value, e.g. execute.sftPassRateThreshold=0.8`);
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

export function replayCommand(opts: { project: string; set?: string[]; apply?: boolean; json?: boolean }) {
  const db = cliDb();
  const project = findProject(db, opts.project);
  const config = applySets(project.config, opts.set ?? []);
  const summary = opts.apply ? applyReplay(db, project.id, config) : previewReplay(db, project.id, config);
  if (opts.json) console.log(JSON.stringify({ applied: Boolean(opts.apply), summary }, null, 2));
  else {
    console.log(`Replay of "${project.name}" at ${opts.set?.length ? opts.set.join(", ") : "the saved thresholds"} (no LLM call)${opts.apply ? ": applied" : ": preview, use --apply to write it"}`);
    printTable(
      ["items", "total", "kept"],
      [
        ["instructions", summary.instructions.total, summary.instructions.kept],
        ["verifiers", summary.verifiers.total, summary.verifiers.kept],
        ["test cases", summary.testCases.total, summary.testCases.kept],
        ["responses", summary.responses.total, summary.responses.kept],
        ["pairs", summary.pairs, summary.pairs],
      ],
    );
    if (opts.apply) for (const f of projectFunnel(db, project.id)) for (const r of f.reasons.slice(0, 3)) console.log(`  ${f.item} dropped ${r.count}x: ${r.reason}`);
  }
  db.$client.close();
}
