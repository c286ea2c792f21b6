import { describe, expect, it } from "vitest";
import { stageViews } from "./runOverview";

const row = (
  stage: string,
  state: "pending" | "running" | "done" | "failed",
  done: number,
  total: number,
  startedAt: number,
  updatedAt: number,
  status: string | null = null,
) => ({
  id: 1,
  runId: 1,
  stage,
  state,
  done,
  total,
  failed: 0,
  status,
  startedAt: new Date(startedAt),
  createdAt: new Date(startedAt),
  updatedAt: new Date(updatedAt),
});

describe("stageViews", () => {
  const now = 100_000;
  it("lists all ten stages from the start: skipped outside the range, planned before they start", () => {
    const views = stageViews(
      { fromStage: "verify-gen", toStage: "back-translate", state: "queued" },
      [],
      now,
    );
    expect(views.map((v) => `${v.stage}:${v.state}`)).toEqual([
      "augment:skipped",
      "verify-gen:planned",
      "cross-validate:planned",
      "back-translate:planned",
      "compose:skipped",
      "pair-queries:skipped",
      "respond:skipped",
      "execute:skipped",
      "score:skipped",
      "pairs:skipped",
    ]);
  });

  it("gives a running stage its units/s since it started, an ETA and what it is doing", () => {
    const views = stageViews(
      { fromStage: "augment", toStage: "pairs", state: "running" },
      [
        row("augment", "done", 4, 4, 0, 8_000),
        row(
          "verify-gen",
          "running",
          10,
          40,
          90_000,
          99_000,
          "asking for 4 functions with test cases for each of 10 instructions",
        ),
      ],
      now,
    );
    expect(views[0]).toMatchObject({
      state: "done",
      unitsPerSecond: 0.5,
      etaSeconds: null,
      status: null,
    });
    // 10 units in the 10 s since it started: 1 unit/s, 30 units left.
    expect(views[1]).toMatchObject({
      state: "running",
      unitsPerSecond: 1,
      etaSeconds: 30,
      status: "asking for 4 functions with test cases for each of 10 instructions",
    });
    expect(views[2]).toMatchObject({ state: "planned", unitsPerSecond: null });
  });

  it("has no rate before the first unit, and a stage left running by a stopped run is stopped", () => {
    expect(
      stageViews(
        { fromStage: "augment", toStage: "pairs", state: "running" },
        [row("augment", "running", 0, 6, 90_000, 90_000)],
        now,
      )[0],
    ).toMatchObject({ state: "running", unitsPerSecond: null, etaSeconds: null });
    expect(
      stageViews(
        { fromStage: "augment", toStage: "pairs", state: "paused" },
        [row("augment", "pending", 3, 6, 90_000, 95_000, "rounds 1-2")],
        now,
      )[0],
    ).toMatchObject({ state: "stopped", etaSeconds: null, status: "rounds 1-2" });
  });
});
