import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createTestDb } from "@/db/testing/testDb";
import { GUIDELINES_MAX_CHARS } from "@/lib/schemas/guidelines";
import { createCaller } from "../root";

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

describe("guidelines router", () => {
  it("starts empty, stores Markdown as written (line ends made \\n), and reads it back", async () => {
    const { id } = await api.project.create({ name: "Guided" });
    expect(await api.guidelines.get({ projectId: id })).toEqual({
      projectId: id,
      text: "",
      updatedAt: null,
    });
    const saved = await api.guidelines.set({
      projectId: id,
      text: "# Rules\r\n\r\n- <script>x</script> is text\r\n",
      basedOn: null,
    });
    expect(saved.text).toBe("# Rules\n\n- <script>x</script> is text\n");
    expect(await api.guidelines.get({ projectId: id })).toEqual(saved);
    expect(saved.updatedAt).toEqual(expect.any(Number));
  });

  it("refuses a save based on a version someone else has replaced, and writes nothing", async () => {
    const { id } = await api.project.create({ name: "Two editors" });
    const first = await api.guidelines.set({ projectId: id, text: "first", basedOn: null });
    // A second reviewer opened the page before the first save.
    const error = await rejection(
      api.guidelines.set({ projectId: id, text: "second", basedOn: null }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("changed by someone else");
    expect((await api.guidelines.get({ projectId: id })).text).toBe("first");
    const again = await api.guidelines.set({
      projectId: id,
      text: "second",
      basedOn: first.updatedAt,
    });
    expect(again.updatedAt).toBeGreaterThan(first.updatedAt!);
  });

  it("takes exactly the limit, refuses one more character or a control character, naming the field", async () => {
    const { id } = await api.project.create({ name: "Long" });
    const atLimit = await api.guidelines.set({
      projectId: id,
      text: "x".repeat(GUIDELINES_MAX_CHARS),
      basedOn: null,
    });
    expect(atLimit.text).toHaveLength(GUIDELINES_MAX_CHARS);
    for (const text of [
      "x".repeat(GUIDELINES_MAX_CHARS + 1),
      "x".repeat(GUIDELINES_MAX_CHARS * 10),
      "bell \u0007",
    ]) {
      const error = await rejection(
        api.guidelines.set({ projectId: id, text, basedOn: atLimit.updatedAt }),
      );
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toMatch(/at most 20,000 characters|control characters/);
    }
    expect((await api.guidelines.get({ projectId: id })).text).toHaveLength(GUIDELINES_MAX_CHARS);
  });

  it("says which project does not exist", async () => {
    expect((await rejection(api.guidelines.get({ projectId: 999 }))).message).toBe(
      "Project 999 does not exist.",
    );
    expect(
      (await rejection(api.guidelines.set({ projectId: 999, text: "x", basedOn: null }))).code,
    ).toBe("NOT_FOUND");
  });
});
