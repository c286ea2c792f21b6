import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { rawRequest, trpcQueryUrl } from "./rawHttp";

// playwright.config.ts starts the studio with this key in OPENAI_API_KEY.
const planted = process.env.AUTOIF_E2E_PLANTED_KEY!;
const base = `http://127.0.0.1:${process.env.AUTOIF_E2E_PORT ?? 3210}`;
// Any key this test ever planted, not only this run's: an older build must not hold one either.
const anyPlanted = /sk-planted-/;

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "cache" ? [] : filesUnder(full);
    return entry.isFile() ? [full] : [];
  });
}

async function trpcMutation(pathName: string, input: unknown) {
  return rawRequest(`${base}/api/trpc/${pathName}`, {
    method: "POST",
    headers: { Origin: base, "Content-Type": "application/json" },
    body: JSON.stringify({ json: input }),
  });
}

test("the planted API key never reaches the browser bundle, a response, the database or the log", async ({
  page,
}) => {
  expect(planted).toMatch(anyPlanted);
  const bodies: string[] = [];

  // Through the studio as a user would: the settings page's Test connection for both roles.
  page.on("response", async (response) => {
    bodies.push(JSON.stringify(response.headers()));
    bodies.push(await response.text().catch(() => ""));
  });
  await page.goto("/");
  await page.getByRole("link", { name: "Example: format constraints" }).click();
  await page
    .getByRole("navigation", { name: "Project" })
    .getByRole("link", { name: "Settings" })
    .click();
  await page.getByRole("button", { name: "Test connection" }).first().click();
  await expect(page.getByRole("status", { name: "generator connection" })).toContainText(
    /OPENAI_API_KEY/,
    { timeout: 20_000 },
  );
  const projectId = Number(/projects\/(\d+)/.exec(page.url())![1]);

  // Every query that carries settings or runs, and the connection test failing and succeeding.
  const project = await rawRequest(trpcQueryUrl(base, "project.byId", { id: projectId }));
  bodies.push(project.body);
  const generator = (
    JSON.parse(project.body) as {
      result: { data: { json: { config: { llm: { generator: Record<string, unknown> } } } } };
    }
  ).result.data.json.config.llm.generator;
  for (const q of ["project.list", "run.list"])
    bodies.push(
      (await rawRequest(trpcQueryUrl(base, q, q === "run.list" ? { projectId } : undefined))).body,
    );
  for (const settings of [
    undefined,
    { ...generator, baseUrl: "http://127.0.0.1:9/v1", maxAttempts: 1 },
    { ...generator, model: "no-such-model" },
  ]) {
    const result = await trpcMutation("llm.testConnection", {
      projectId,
      role: "generator",
      settings,
    });
    expect(result.status).toBe(200);
    bodies.push(result.body);
  }
  expect(bodies.join("\n")).toContain("OPENAI_API_KEY");
  for (const body of bodies) expect(body).not.toMatch(anyPlanted);

  // The build the browser downloads from, and the server's own output.
  const built = filesUnder(path.join(process.cwd(), ".next"));
  expect(built.length).toBeGreaterThan(50);
  for (const file of built) expect(fs.readFileSync(file).includes("sk-planted-"), file).toBe(false);

  // The database (with its write-ahead log) and the server log.
  const db = process.env.AUTOIF_E2E_DB!;
  for (const file of [db, `${db}-wal`].filter((f) => fs.existsSync(f))) {
    expect(fs.readFileSync(file).includes(planted), file).toBe(false);
  }
  const log = fs.readFileSync(process.env.AUTOIF_E2E_LOG!, "utf8");
  expect(log).toContain("AutoIF Studio: http://127.0.0.1:");
  expect(log).not.toMatch(anyPlanted);
});
