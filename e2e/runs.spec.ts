import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test, type Page } from "@playwright/test";
import { createProject, projectWithPool, setSmallRun, uniqueName } from "./helpers";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Replaces a field's value the way a person does: click it, select all, type. */
async function typeInto(page: Page, input: ReturnType<Page["getByLabel"]>, value: string) {
  await input.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(value, { delay: 40 });
  await expect(input).toHaveValue(value);
}

test("a researcher configures a small run, tests the endpoint, runs stages 1-10, replays and reads the decisions", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const url = await projectWithPool(page, "Run");
  await expect(page.getByRole("table", { name: "Queries" }).locator("tbody tr")).toHaveCount(9);

  await page.goto(url.replace(/\/seeds$/, "/settings"));
  await setSmallRun(page);
  // The endpoint comes from the server's environment (OPENAI_BASE_URL); test it from here.
  const generator = page.getByRole("group", { name: "LLM · generator" });
  await generator.getByRole("button", { name: "Test connection" }).click();
  await expect(generator.getByRole("status", { name: "generator connection" })).toContainText(
    "Connected",
  );
  await page.getByRole("button", { name: "Save configuration" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  await page
    .getByRole("navigation", { name: "Project" })
    .getByRole("link", { name: "Runs" })
    .click();
  await page.getByRole("button", { name: "Start run" }).click();
  const runs = page.getByRole("table", { name: "Runs", exact: true });
  await expect(runs.locator("tbody tr").first()).toContainText("finished", { timeout: 150_000 });
  // The table and the detail say the same, from one query.
  const runDetail = page.getByRole("region", { name: /^Run \d+$/ });
  await expect(runDetail.getByRole("heading", { level: 2 }).first()).toContainText("finished");
  const stages = page.getByRole("table", { name: "Stage progress" });
  // All ten stages, each done with a rate; a finished stage is doing nothing any more.
  await expect(stages.locator("tbody tr")).toHaveCount(10);
  await expect(stages.locator("tbody tr").filter({ hasText: "done" })).toHaveCount(10);
  await expect(
    stages.locator("tbody tr").filter({ hasText: "verify-gen" }).locator("td").nth(6),
  ).toHaveText(/^\d+(\.\d+)?$/);
  await expect(page.getByRole("cell", { name: "verify-gen status" })).toHaveText("");
  // The funnel follows the run to its end: the same numbers as a fresh page, without a reload.
  const funnel = page.getByRole("table", { name: "Funnel", exact: true });
  await expect(funnel).toContainText("responses");
  const fresh = await page.context().newPage();
  await fresh.goto(page.url());
  const freshFunnel = fresh.getByRole("table", { name: "Funnel", exact: true });
  await expect(freshFunnel).toContainText("responses");
  await expect(funnel).toHaveText((await freshFunnel.textContent())!);
  await fresh.close();
  await page.bringToFront();
  // Replay: a stricter SFT pass rate is previewed from stored results.
  const replay = page.getByRole("region", { name: "Replay" });
  await expect(replay.getByRole("table", { name: "Replayed funnel" })).toContainText(
    "responses (SFT)",
  );
  await replay.getByLabel("SFT pass rate >").fill("0.99");
  await expect(replay.getByRole("button", { name: "Apply these thresholds" })).toBeEnabled();
  // A score no judge can give names the field and why, at the field.
  const score = replay.getByLabel("Score ≥");
  await typeInto(page, score, "11");
  await expect(replay.getByRole("alert")).toContainText(
    "score.threshold = 11: Must be at most 10.",
  );
  await expect(score).toHaveAttribute("aria-invalid", "true");
  await expect(replay.getByRole("button", { name: "Apply these thresholds" })).toBeDisabled();
  // The last valid preview stays on screen, marked stale, with the error beside the field.
  const replayed = replay.getByRole("table", { name: "Replayed funnel" });
  await expect(replayed).toContainText("responses (SFT)");
  await expect(replayed).toHaveClass(/stale/);
  await expect(replay.getByRole("status", { name: "Replay preview state" })).toContainText(
    "Stale: the preview of the last valid thresholds",
  );
  await expect(score.locator("xpath=following-sibling::*[1]")).toHaveText(/Must be at most 10/);
  await page.screenshot({ path: test.info().outputPath("replay-stale.png") });
  // A valid value again: the preview is current, no longer marked.
  await typeInto(page, score, "7");
  await expect(replay.getByRole("status", { name: "Replay preview state" })).toHaveCount(0);
  await expect(replayed).not.toHaveClass(/stale/);
  await expect(score).not.toHaveAttribute("aria-invalid", "true");
  await page.screenshot({ path: test.info().outputPath("runs-finished.png"), fullPage: true });

  await page
    .getByRole("navigation", { name: "Project" })
    .getByRole("link", { name: "Instructions" })
    .click();
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

test("settings that keep nothing warn up front; the run that keeps nothing says which stage and setting; two runs side by side", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const url = await createProject(page, uniqueName("Empty"));
  await page.getByLabel("Import file").setInputFiles(fixture("seeds-good.txt"));
  await expect(page.getByRole("status").filter({ hasText: "Imported" })).toBeVisible();

  await page.goto(url.replace(/\/seeds$/, "/settings"));
  await page.getByLabel("Preset").selectOption("code");
  const augment = page.getByRole("group", { name: "1 · Augment" });
  await typeInto(page, augment.getByLabel("Target count"), "6");
  await typeInto(page, augment.getByLabel("Max calls"), "2");
  const k = page
    .getByRole("group", { name: "2 · Verifier generation" })
    .getByLabel("Functions per instruction");
  await typeInto(page, k, "2");
  const warning = page.getByRole("alert", { name: "Settings that contradict each other" });
  await expect(warning).toContainText("verifyGen.functionsPerInstruction");
  await expect(warning).toContainText("below the minimum of 3 distinct compiled functions");
  await page.screenshot({ path: test.info().outputPath("settings-warning.png"), fullPage: true });
  await page.getByRole("button", { name: "Save configuration" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  await page
    .getByRole("navigation", { name: "Project" })
    .getByRole("link", { name: "Runs" })
    .click();
  await page.getByLabel("to", { exact: true }).selectOption("cross-validate");
  await page.getByRole("button", { name: "Start run" }).click();
  const runs = page.getByRole("table", { name: "Runs", exact: true });
  await expect(runs.locator("tbody tr").first()).toContainText("finished", { timeout: 150_000 });
  const stages = page.getByRole("table", { name: "Stage progress" });
  // Listed from the start: the stages outside the run's range are skipped.
  await expect(stages.locator("tbody tr")).toHaveCount(10);
  await expect(stages.locator("tbody tr").filter({ hasText: "skipped" })).toHaveCount(7);
  const empty = page.getByRole("alert", { name: "Empty result" });
  await expect(empty).toContainText(
    /The run kept 0 of \d+ instructions: cross-validate dropped them all/,
  );
  await expect(empty).toContainText(
    "crossValidate.minFunctions = 3 with verifyGen.functionsPerInstruction = 2",
  );
  // The table says it short (stage and count); the whole text is its title and the run's detail.
  const short = runs.locator("tbody tr").first().locator(".field-error");
  await expect(short).toHaveText(/^cross-validate: 0 of \d+ instructions kept$/);
  await expect(short).toHaveAttribute(
    "title",
    /^The run kept 0 of \d+ instructions: cross-validate dropped them all/,
  );
  await page.screenshot({ path: test.info().outputPath("runs-empty.png"), fullPage: true });

  // Fixed: K = 4, a new run of the same stages, then the two side by side.
  await page
    .getByRole("navigation", { name: "Project" })
    .getByRole("link", { name: "Settings" })
    .click();
  await typeInto(
    page,
    page
      .getByRole("group", { name: "2 · Verifier generation" })
      .getByLabel("Functions per instruction"),
    "4",
  );
  await expect(
    page.getByRole("alert", { name: "Settings that contradict each other" }),
  ).toHaveCount(0);
  await page.getByRole("button", { name: "Save configuration" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page
    .getByRole("navigation", { name: "Project" })
    .getByRole("link", { name: "Runs" })
    .click();
  await page.getByLabel("to", { exact: true }).selectOption("cross-validate");
  await page.getByRole("button", { name: "Start run" }).click();
  await expect(runs.locator("tbody tr")).toHaveCount(2);
  await expect(runs.locator("tbody tr").first()).toContainText("finished", { timeout: 150_000 });
  const compare = page.getByRole("region", { name: "Compare runs" });
  await expect(compare.getByRole("table", { name: "Settings that differ" })).toContainText(
    "verifyGen.functionsPerInstruction",
  );
  const kept = compare.getByRole("table", { name: "Kept per item in both runs" });
  const instructionsRow = kept.locator("tbody tr").filter({ hasText: "instructions" });
  await expect(instructionsRow.locator("td").nth(1)).toHaveText("0");
  await expect(compare.getByRole("figure", { name: /^Response pass rate, run #\d+$/ })).toHaveCount(
    2,
  );
  await compare.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("runs-compare.png"), fullPage: true });

  // A third run with nothing left to do says so, instead of an earlier run's warning.
  await page.getByLabel("From", { exact: true }).selectOption("cross-validate");
  await page.getByLabel("to", { exact: true }).selectOption("cross-validate");
  await page.getByRole("button", { name: "Start run" }).click();
  await expect(runs.locator("tbody tr")).toHaveCount(3);
  await expect(runs.locator("tbody tr").first()).toContainText("finished", { timeout: 150_000 });
  await expect(runs.locator("tbody tr").first().locator(".field-error")).toHaveText(
    "nothing new to do",
  );
  await expect(page.getByRole("status", { name: "Nothing new" })).toContainText(
    "The run had nothing new to do: every stage (cross-validate)",
  );
  await expect(page.getByRole("alert", { name: "Empty result" })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath("runs-nothing-new.png"), fullPage: true });
});

test("npm start said what a newcomer needs and nothing that reads like an error; no page asks for a missing favicon", async ({
  page,
}) => {
  const log = fs.readFileSync(process.env.AUTOIF_E2E_LOG!, "utf8");
  expect(log).toMatch(/^Database: \/.+/m);
  expect(log).toMatch(/AutoIF Studio: http:\/\/127\.0\.0\.1:\d+/);
  expect(log).toMatch(/Built in \d+ s\.|Build: up to date with the sources\./);
  expect(log).not.toContain("Turbopack build encountered");
  expect(log).not.toMatch(/collects completely anonymous telemetry/i);
  const missing: string[] = [];
  page.on("response", (r) => {
    if (r.status() === 404) missing.push(r.url());
  });
  await page.goto("/");
  await expect(page.getByLabel("New project")).toBeVisible();
  const icon = await page.request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/");
  expect(missing).toEqual([]);
});
