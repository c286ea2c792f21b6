import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createTestDb } from "@/db/testing/testDb";
import { appRouter, createCaller } from "../root";

let t: ReturnType<typeof createTestDb>;
let api: ReturnType<typeof createCaller>;
beforeEach(() => {
  t = createTestDb();
  api = createCaller({ db: t.db });
});
afterEach(() => t.cleanup());

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe("project router", () => {
  it("creates a project with the preset's full configuration and lists it", async () => {
    const created = await api.project.create({ name: "Format v1", preset: "code" });
    const project = await api.project.byId({ id: created.id });
    expect(project.preset).toBe("code");
    expect(project.config.crossValidate.functionAccuracyThreshold).toBe(0.8);
    const list = await api.project.list();
    expect(list.map((p) => p.name)).toEqual(["Format v1"]);
    expect(list[0]).toMatchObject({ seedCount: 0, instructionCount: 0 });
  });

  it("refuses a second project with the same name in any case", async () => {
    await api.project.create({ name: "Lengths" });
    const error = await rejection(api.project.create({ name: "  lengths " }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain('"Lengths" already exists');
  });

  it("refuses an empty name with a message at the name field", async () => {
    const error = await rejection(api.project.create({ name: "   " }));
    expect(error.code).toBe("BAD_REQUEST");
    // What the client receives over HTTP: a 400 whose problems name the field, and nothing written.
    const req = new Request("http://127.0.0.1/api/trpc/project.create", {
      method: "POST",
      body: JSON.stringify({ json: { name: "   " } }),
      headers: { "content-type": "application/json" },
    });
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req,
      router: appRouter,
      createContext: () => ({ db: t.db }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: {
        json: { message: string; data: { problems: Array<{ field?: string; message: string }> } };
      };
    };
    const problems = body.error.json.data.problems;
    expect(problems.map((p) => p.field)).toEqual(["name"]);
    expect(problems[0]!.message).toMatch(/name/i);
    expect(await api.project.list()).toEqual([]);
  });

  it("renames a project and keeps its id", async () => {
    const created = await api.project.create({ name: "Old" });
    await api.project.update({ id: created.id, name: "New" });
    expect((await api.project.byId({ id: created.id })).name).toBe("New");
  });

  it("stores a valid configuration and refuses an invalid one naming the knob", async () => {
    const created = await api.project.create({ name: "Knobs" });
    const { config } = await api.project.byId({ id: created.id });
    const changed = { ...config, respond: { responsesPerSample: 4 } };
    await api.project.updateConfig({ id: created.id, preset: "paper", config: changed });
    expect((await api.project.byId({ id: created.id })).config.respond.responsesPerSample).toBe(4);

    const bad = {
      ...config,
      crossValidate: { ...config.crossValidate, functionAccuracyThreshold: 1.5 },
    };
    const error = await rejection(
      api.project.updateConfig({ id: created.id, preset: "paper", config: bad }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    const problems = (error.cause as unknown as { problems: { field: string }[] }).problems;
    expect(problems.map((p) => p.field)).toContain("crossValidate.functionAccuracyThreshold");
    expect(
      (await api.project.byId({ id: created.id })).config.crossValidate.functionAccuracyThreshold,
    ).toBe(0.5);
  });

  it("summarizes what a deletion removes, then deletes the project with its seeds", async () => {
    const created = await api.project.create({ name: "Doomed" });
    await api.seed.add({ projectId: created.id, text: "Answer in exactly three sentences." });
    const summary = await api.project.deletionSummary({ id: created.id });
    expect(summary).toMatchObject({ name: "Doomed", seedInstructions: 1, instructions: 0 });
    await api.project.delete({ id: created.id });
    expect(await api.project.list()).toEqual([]);
    const seedsLeft = t.db.$client.prepare("select count(*) as n from seed_instructions").get();
    expect(seedsLeft).toEqual({ n: 0 });
    expect((await rejection(api.project.byId({ id: created.id }))).code).toBe("NOT_FOUND");
  });
});
