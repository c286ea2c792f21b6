import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { projects, seedInstructions } from "@/db/schema";
import { createTestDb } from "@/db/testing/testDb";
import { ConflictError } from "../errors";
import { LlmAuthError } from "../llm/errors";
import { holdWriteLock } from "../testing/crashHarness";
import { BUSY_MESSAGE, DISK_FULL_MESSAGE, errorResponse, INTERNAL_MESSAGE } from "./publicError";
import { appRouter } from "./root";
import { createTRPCRouter, publicProcedure } from "./trpc";

// Every error kind once, as the client receives it over HTTP (status and JSON body) through
// tRPC's fetch handler: not the error object on the server.

const t = createTestDb();
afterAll(() => t.cleanup());

type TrpcError = {
  status: number;
  message: string;
  code: string;
  problems: Array<{ field?: string; line?: number; message: string }>;
};

async function trpc(
  router: typeof appRouter | ReturnType<typeof createTRPCRouter>,
  db: Db,
  proc: string,
  input: unknown,
  method: "GET" | "POST" = "POST",
): Promise<TrpcError & { body: unknown }> {
  const url = new URL(`http://127.0.0.1/api/trpc/${proc}`);
  if (method === "GET") url.searchParams.set("input", JSON.stringify({ json: input }));
  const req = new Request(
    url,
    method === "POST"
      ? {
          method,
          body: JSON.stringify({ json: input }),
          headers: { "content-type": "application/json" },
        }
      : { method },
  );
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router,
    createContext: () => ({ db }),
  });
  const body = (await res.json()) as {
    error?: { json: { message: string; data: { code: string; problems: TrpcError["problems"] } } };
  };
  const e = body.error?.json;
  return {
    status: res.status,
    message: e?.message ?? "",
    code: e?.data.code ?? "",
    problems: e?.data.problems ?? [],
    body,
  };
}

const api = (proc: string, input: unknown, method: "GET" | "POST" = "POST") =>
  trpc(appRouter, t.db, proc, input, method);
const seedCount = (projectId: number) =>
  t.db
    .select({ n: count() })
    .from(seedInstructions)
    .where(eq(seedInstructions.projectId, projectId))
    .get()!.n;
const projectCount = () => t.db.select({ n: count() }).from(projects).get()!.n;

let projectId: number;
beforeAll(async () => {
  const res = await api("project.create", { name: "Errors at the edge" });
  projectId = (res.body as { result: { data: { json: { id: number } } } }).result.data.json.id;
});

describe("tRPC errors over HTTP", () => {
  it("not found is 404 with the service's message", async () => {
    const r = await api("project.byId", { id: 987_654 }, "GET");
    expect(r).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(r.message).toMatch(/987654|987,654/);
  });

  it("a conflict is 409 with the message at its field", async () => {
    const r = await api("project.create", { name: "errors at the EDGE" });
    expect(r).toMatchObject({ status: 409, code: "CONFLICT" });
    expect(r.problems).toEqual([{ field: "name", message: r.message }]);
  });

  it("invalid input (schema) is 400 with readable field problems, not a JSON dump", async () => {
    const r = await api("project.create", { name: "" });
    expect(r).toMatchObject({ status: 400, code: "BAD_REQUEST" });
    expect(r.problems[0]?.field).toBe("name");
    expect(r.message.startsWith("name: ")).toBe(true);
  });

  it("invalid input (a bad file line) is 400 naming the line", async () => {
    const r = await api("seed.import", {
      projectId,
      fileName: "bad.jsonl",
      format: "jsonl",
      content: '{"instruction": "Answer in one word."}\n{oops\n',
    });
    expect(r).toMatchObject({ status: 400, code: "BAD_REQUEST" });
    expect(r.problems[0]?.line).toBe(2);
    expect(seedCount(projectId)).toBe(0);
  });

  const hostile = createTRPCRouter({
    upstream: publicProcedure.mutation(() => {
      throw new LlmAuthError(
        "The generator endpoint http://127.0.0.1:9/v1 refused the API key (HTTP 401: <html>internal-host-10.0.0.7 sk-leaked</html>); check OPENAI_API_KEY in the server's environment.",
        "The generator endpoint http://127.0.0.1:9/v1 refused the API key (HTTP 401); check OPENAI_API_KEY in the server's environment.",
      );
    }),
    crash: publicProcedure.mutation(() => {
      throw new Error("ENOENT: /home/someone/secret/path.db; SELECT * FROM llm_calls");
    }),
  });

  it("an upstream failure is 502 and shows our words only, not the endpoint's reply", async () => {
    const r = await trpc(hostile, t.db, "upstream", {});
    expect(r).toMatchObject({ status: 502, code: "BAD_GATEWAY" });
    expect(r.message).toBe(
      "The generator endpoint http://127.0.0.1:9/v1 refused the API key (HTTP 401); check OPENAI_API_KEY in the server's environment.",
    );
    expect(JSON.stringify(r.body)).not.toMatch(/sk-leaked|internal-host|<html>/);
  });

  it("any other error is 500 with nothing of its message, stack or SQL", async () => {
    const r = await trpc(hostile, t.db, "crash", {});
    expect(r).toMatchObject({
      status: 500,
      code: "INTERNAL_SERVER_ERROR",
      message: INTERNAL_MESSAGE,
    });
    expect(JSON.stringify(r.body)).not.toMatch(/secret|SELECT|ENOENT|stack|\.ts/);
  });

  it("a write lock held by another process is 503 'the database is busy', and nothing was written", async () => {
    const lock = await holdWriteLock(t.file);
    onTestFinished(() => lock.release());
    t.db.$client.pragma("busy_timeout = 50");
    onTestFinished(() => void t.db.$client.pragma("busy_timeout = 5000"));
    const before = projectCount();
    const r = await api("project.create", { name: "Written while locked" });
    expect(r).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE", message: BUSY_MESSAGE });
    await lock.release();
    expect(projectCount()).toBe(before);
  });

  it("a full disk is 503 'the disk is full; nothing was written', and nothing was written", async () => {
    // SQLite's own limit on the file's pages: the write fails with SQLITE_FULL exactly as on a full disk.
    const pages = t.db.$client.pragma("page_count", { simple: true }) as number;
    t.db.$client.pragma(`max_page_count = ${pages}`);
    onTestFinished(() => void t.db.$client.pragma("max_page_count = 4294967294"));
    const content = Array.from(
      { length: 3_000 },
      (_, i) => `Disk full seed ${i}: ${"answer in detail ".repeat(20)}`,
    ).join("\n");
    const r = await api("seed.import", { projectId, fileName: "many.txt", format: "txt", content });
    expect(r).toMatchObject({
      status: 503,
      code: "SERVICE_UNAVAILABLE",
      message: DISK_FULL_MESSAGE,
    });
    expect(seedCount(projectId)).toBe(0);
  });
});

describe("route handlers answer through the same mapping", () => {
  // The routes themselves are driven over HTTP against a started studio by `npm run report:reliability`.
  it("a conflict is 409 there as in tRPC (the query upload used to answer 400)", async () => {
    const res = errorResponse(
      new ConflictError("Someone else changed this; reload.", [{ field: "x", message: "changed" }]),
    );
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      message: "Someone else changed this; reload.",
      problems: [{ field: "x", message: "changed" }],
    });
  });
});
