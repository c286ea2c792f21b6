import { fileURLToPath } from "node:url";
import { expect, test, type Page } from "@playwright/test";
import { createProject, uniqueName } from "./helpers";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function setKnob(page: Page, label: string, value: string) {
  const input = page.getByLabel(label, { exact: true });
  await input.fill(value);
  await expect(input).toHaveValue(value);
}

test("a researcher configures a small run, tests the endpoint, runs stages 1-9, replays and reads the decisions", async ({ page }) => {
  test.setTimeout(180_000);
  const url = await createProject(page, uniqueName("Run"));
  await page.getByLabel("Import file").setInputFiles(fixture("seeds-good.txt"));
  await expect(page.getByRole("status").filter({ hasText: "Imported" })).toBeVisible();

  // A small query pool, uploaded through the streaming import; the 2-character query is filtered out.
  await page.goto(url.replace(/\/seeds$/, "/queries"));
  await page.getByLabel("Query pool file").setInputFiles(fixture("queries-small.jsonl"));
  await expect(page.getByRole("main").getByRole("status").filter({ hasText: "Imported" })).toContainText("Imported 9 of 10 queries");
  await expect(page.getByRole("table", { name: "Queries" }).locator("tbody tr")).toHaveCount(9);

  await page.goto(url.replace(/\/seeds$/, "/settings"));
  const augment = page.getByRole("group", { name: "1 · Augment" });
  await augment.getByLabel("Instructions per call").fill("10");
  await augment.getByLabel("Target count").fill("8");
  await augment.getByLabel("Max calls").fill("2");
  await page.getByRole("group", { name: "2 · Verifier generation" }).getByLabel("Functions per instruction").fill("3");
  await setKnob(page, "Deadline (ms)", "200");
  await setKnob(page, "Queries per instruction", "2");
  await setKnob(page, "Responses per sample", "2");
  // The endpoint comes from the server's environment (OPENAI_BASE_URL); test it from here.
  const generator = page.getByRole("group", { name: "LLM · generator" });
  await generator.getByRole("button", { name: "Test connection" }).click();
  await expect(generator.getByRole("status", { name: "generator connection" })).toContainText("Connected");
  await page.getByRole("button", { name: "Save configuration" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Runs" }).click();
  await page.getByRole("button", { name: "Start run" }).click();
  const runs = page.getByRole("table", { name: "Runs" });
  await expect(runs.locator("tbody tr").first()).toContainText("finished", { timeout: 150_000 });
  const stages = page.getByRole("table", { name: "Stage progress" });
  await expect(stages).toContainText("pairs");
  await expect(page.getByRole("table", { name: "Funnel", exact: true })).toContainText("responses");
  // Replay: a stricter SFT pass rate is previewed from stored results.
  const replay = page.getByRole("region", { name: "Replay" });
  await expect(replay.getByRole("table", { name: "Replayed funnel" })).toContainText("responses (SFT)");
  await replay.getByLabel("SFT pass rate >").fill("0.99");
  await expect(replay.getByRole("button", { name: "Apply these thresholds" })).toBeEnabled();

  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Instructions" }).click();
  const list = page.getByRole("listbox", { name: "Instructions" });
  await expect(list.getByRole("option").first()).toBeVisible();
  await page.getByRole("button", { name: /^Dropped/ }).click();
  await expect(list.getByRole("option").first().locator(".review-row-text.hint")).not.toBeEmpty();
  await page.getByRole("button", { name: /^All/ }).click();
  await list.getByRole("option").first().click();
  const detail = page.getByRole("region", { name: /^Instruction \d+/ });
  await expect(detail.getByRole("heading", { name: /^Verifiers/ })).toBeVisible();
  await expect(detail.locator(".verifier-panel").first()).toContainText("function evaluate");
});
