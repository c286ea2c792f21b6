import "server-only";
import { listRuns } from "../../pipeline/runs";
import { findProject, printTable, withCliDb } from "../context";

export function runsCommand(opts: { project: string; json?: boolean }) {
  return withCliDb((db) => {
    const project = findProject(db, opts.project);
    const rows = listRuns(db, project.id);
    if (opts.json) console.log(JSON.stringify(rows, null, 2));
    else if (rows.length === 0) console.log(`Project "${project.name}" has no runs yet.`);
    else {
      printTable(
        ["run", "state", "stages", "started", "finished", "error"],
        rows.map((r) => [
          r.id,
          r.state,
          `${r.fromStage} → ${r.toStage}`,
          r.startedAt?.toISOString() ?? "",
          r.finishedAt?.toISOString() ?? "",
          r.error ?? "",
        ]),
      );
    }
  });
}
