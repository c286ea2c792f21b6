import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { projectWithPool, setSmallRun } from "./helpers";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** What the person runs in a terminal: the scripted stand-in for `vllm run-batch` (a test double). */
function runBatch(input: string, output: string) {
  execFileSync(
    process.execPath,
    [
      path.join(root, "node_modules/tsx/dist/cli.mjs"),
      path.join(root, "server/llm/scripted/fakeLlmServer.ts"),
      "run-batch",
      "-i",
      input,
      "-o",
      output,
    ],
    { stdio: "pipe" },
  );
}

test("a researcher runs the respond stage offline: the Runs page names the batch file, a cut-off output is refused, the real one imported, and the run continues to its end", async ({
  page,
}) => {
  test.setTimeout(300_000);
  const url = await projectWithPool(page, "Batch");
  await page.goto(url.replace(/\/seeds$/, "/settings"));
  await setSmallRun(page);
  await page.getByRole("button", { name: "Save configuration" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  await page
    .getByRole("navigation", { name: "Project" })
    .getByRole("link", { name: "Runs" })
    .click();
  await page.getByLabel("LLM calls").selectOption("respond");
  await page.getByRole("button", { name: "Start run" }).click();
  const runs = page.getByRole("table", { name: "Runs" });
  await expect(runs.locator("tbody tr").first()).toContainText("paused", { timeout: 200_000 });
  const panel = page.getByRole("region", { name: "Offline batches" });
  await expect(panel.getByRole("status").filter({ hasText: "waits for batch" })).toContainText(
    /Stage respond waits for batch #\d+: \d+ of \d+ requests without an answer/,
  );
  const stages = page.getByRole("table", { name: "Stage progress" });
  await expect(stages.locator("tbody tr").filter({ hasText: "respond" })).toContainText(
    /waiting.*waiting for offline batch answers of \d+ unit\(s\)/,
  );
  const fileCell = panel
    .getByRole("table", { name: "Batch files" })
    .locator("tbody tr")
    .first()
    .locator("td")
    .nth(2);
  const input = (await fileCell.getAttribute("title"))!;
  expect(fs.existsSync(input)).toBe(true);
  const lines = fs.readFileSync(input, "utf8").trim().split("\n");
  expect(JSON.parse(lines[0]!)).toMatchObject({
    method: "POST",
    url: "/v1/chat/completions",
    body: { model: expect.any(String), messages: expect.any(Array) },
  });
  expect(fs.existsSync(path.join(path.dirname(input), "manifest.json"))).toBe(true);

  // The person runs the file through run-batch; a copy cut off half-way through its last line is refused whole.
  const output = path.join(test.info().outputPath(), "respond.out.jsonl");
  fs.mkdirSync(path.dirname(output), { recursive: true });
  runBatch(input, output);
  const cut = path.join(path.dirname(output), "respond.cut.jsonl");
  const whole = fs.readFileSync(output, "utf8");
  fs.writeFileSync(cut, whole.slice(0, whole.length - 40));
  await panel.getByLabel("Import output files").setInputFiles(cut);
  const report = panel.getByRole("alert", { name: "Import report" });
  await expect(report).toContainText("Nothing imported: 1 problem(s).");
  await expect(report).toContainText(
    `respond.cut.jsonl line ${lines.length}: the last line is cut off`,
  );
  await page.screenshot({ path: test.info().outputPath("batch-refused.png"), fullPage: true });

  await panel.getByLabel("Import output files").setInputFiles(output);
  await expect(panel.getByRole("status", { name: "Import report" })).toContainText(
    `Imported ${lines.length} answer(s), 0 failed`,
  );
  await expect(panel.getByRole("status", { name: "Import report" })).toContainText(
    "Every request has its answer",
  );
  await page.screenshot({ path: test.info().outputPath("batch-imported.png"), fullPage: true });
  await panel.getByRole("button", { name: "Continue run" }).click();
  await expect(runs.locator("tbody tr").first()).toContainText("finished", { timeout: 200_000 });
  await expect(stages.locator("tbody tr").filter({ hasText: "done" })).toHaveCount(10);
  await expect(page.getByRole("table", { name: "Funnel", exact: true })).toContainText("responses");
  await expect(
    panel
      .getByRole("table", { name: "Batch files" })
      .locator("tbody tr")
      .first()
      .locator("td")
      .nth(8),
  ).toHaveText(String(lines.length));
});
