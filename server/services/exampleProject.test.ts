import { afterEach, describe, expect, it } from "vitest";
import { exampleSeeds } from "@/lib/examples/exampleSeeds";
import { createCaller } from "../api/root";
import { createTestDb } from "@/db/testing/testDb";
import { ensureExampleProject } from "./exampleProject";

describe("ensureExampleProject", () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it("creates the labelled example project on an empty database, once", async () => {
    const t = createTestDb();
    cleanup = t.cleanup;
    expect(ensureExampleProject(t.db)).toBe(true);
    const api = createCaller({ db: t.db });
    const [project] = await api.project.list();
    expect(project).toMatchObject({ isExample: true, seedCount: exampleSeeds.length });
    expect(project?.description.toLowerCase()).toContain("example");
    await api.project.delete({ id: project!.id });
    expect(ensureExampleProject(t.db)).toBe(false);
    expect(await api.project.list()).toEqual([]);
  });

  it("leaves a database that already has projects alone", async () => {
    const t = createTestDb();
    cleanup = t.cleanup;
    const api = createCaller({ db: t.db });
    await api.project.create({ name: "Mine" });
    expect(ensureExampleProject(t.db)).toBe(false);
    expect((await api.project.list()).map((p) => p.name)).toEqual(["Mine"]);
  });
});
