import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { sftPrompt } from "@/lib/autoif/sftPrompt";
import {
  alpacaSftLineSchema,
  ktoLineSchema,
  openaiChatLineSchema,
} from "@/lib/formats/lineSchemas";
import { HOSTILE_EXPORT_TEXT, insertExportRows } from "./fixtures/exportRows";
import { createProject, uniqueName } from "./helpers";

test("a researcher filters, counts and downloads SFT and DPO exports, checks contamination, and reads the manifests", async ({
  page,
}) => {
  const seedsUrl = await createProject(page, uniqueName("Export"));
  const projectId = Number(/projects\/(\d+)/.exec(seedsUrl)![1]);
  insertExportRows(process.env.AUTOIF_E2E_DB!, projectId);
  await page.goto(seedsUrl.replace(/\/seeds$/, "/export"));
  await expect(page.getByRole("heading", { name: "Export", exact: true })).toBeVisible();
  await expect(page.getByText("No exports yet.")).toBeVisible();

  // The count before exporting follows the filters; a reviewer-rejected response never counts.
  const count = page.locator("output.export-count");
  await expect(count).toHaveText("2 examples to export");
  await page.getByLabel("Pipeline").selectOption("any");
  await expect(count).toHaveText("3 examples to export");
  await page.getByLabel("Pipeline").selectOption("kept");
  await page.getByLabel("Score 0-10 from").fill("9");
  await expect(count).toHaveText("1 example to export");
  await page.getByLabel("Score 0-10 to").fill("5");
  await expect(page.getByText("The lower bound is above the upper bound")).toBeVisible();
  await page.getByLabel("Score 0-10 from").fill("");
  await page.getByLabel("Score 0-10 to").fill("");
  await expect(count).toHaveText("2 examples to export");

  // The download streams the file; every line is a valid alpaca record and hostile text is exact.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download .jsonl" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/-alpaca-\d{8}-\d{6}\.jsonl$/);
  const lines = fs
    .readFileSync((await download.path())!, "utf8")
    .trim()
    .split("\n")
    .map((l) => alpacaSftLineSchema.parse(JSON.parse(l)));
  expect(lines.map((l) => l.output)).toEqual(["paris.", HOSTILE_EXPORT_TEXT]);
  expect(lines[1]!.instruction).toBe(
    sftPrompt("tell me about owls", "answer in all lowercase letters"),
  );

  // It is listed with its manifest, whose counts explain the file.
  const past = page.getByRole("table", { name: "Past exports" });
  await expect(past.locator("tbody tr")).toHaveCount(1);
  await expect(past).toContainText("alpaca");
  const manifest = page.getByRole("region", { name: "Manifest" });
  await expect(manifest.getByRole("table", { name: "Rows after each filter" })).toContainText(
    "not reviewer rejected",
  );
  await expect(manifest.getByLabel("dataset_info.json entry")).toContainText(
    '"formatting": "alpaca"',
  );

  // DPO pairs in TRL's format.
  await page.getByRole("button", { name: "DPO pairs" }).click();
  await expect(count).toHaveText("1 pair to export");
  await page.getByLabel("Format").selectOption("trl-preference");

  // A benchmark file that repeats one prompt: the pair is left out and the manifest says why.
  const bench = `${JSON.stringify({ prompt: "What is the capital of france? Answer in all lowercase letters." })}\n`;
  await page.getByLabel("Benchmark file").setInputFiles({
    name: "eval.jsonl",
    mimeType: "application/jsonl",
    buffer: Buffer.from(bench),
  });
  await expect(page.getByRole("table", { name: "Benchmark files" })).toContainText("eval.jsonl");
  await expect(page.getByLabel("Check against eval.jsonl")).toBeChecked();
  // The check leaves nothing: the page says so instead of offering a download, unless asked.
  const notice = page.locator(".export-empty");
  await expect(notice).toContainText(
    "Nothing to export: the contamination check left out the 1 pair (each shares a word 13-gram with a benchmark prompt).",
  );
  await expect(page.getByRole("link", { name: /Download/ })).toHaveCount(0);
  await notice.getByLabel(/Download an empty file anyway/).check();
  const [dpo] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download empty .jsonl" }).click(),
  ]);
  expect(fs.readFileSync((await dpo.path())!, "utf8")).toBe("");
  await expect(past.locator("tbody tr")).toHaveCount(2);
  await expect(manifest).toContainText("1 match(es) of word 13-grams against eval.jsonl");

  // Removing a benchmark file asks first.
  await page.getByRole("button", { name: "Remove" }).click();
  await expect(page.getByRole("alertdialog")).toContainText(
    'Remove the benchmark file "eval.jsonl"?',
  );
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove" }).click();
  await expect(page.getByRole("table", { name: "Benchmark files" })).toHaveCount(0);
});

test("a bad benchmark file is reported with its line and nothing is added", async ({ page }) => {
  const seedsUrl = await createProject(page, uniqueName("Bench"));
  await page.goto(seedsUrl.replace(/\/seeds$/, "/export"));
  await page.getByLabel("Benchmark file").setInputFiles({
    name: "bad.jsonl",
    mimeType: "application/jsonl",
    buffer: Buffer.from('{"prompt": "ok"}\nnot json\n'),
  });
  await expect(page.getByRole("main").getByRole("alert")).toContainText(
    "bad.jsonl: line 2: not valid JSON",
  );
  await expect(page.getByText("No benchmark files yet.")).toBeVisible();
});

test("a researcher previews the lines with a typed system prompt, switches formats, and meets an empty export", async ({
  page,
}) => {
  const seedsUrl = await createProject(page, uniqueName("Preview"));
  const projectId = Number(/projects\/(\d+)/.exec(seedsUrl)![1]);
  insertExportRows(process.env.AUTOIF_E2E_DB!, projectId);
  await page.goto(seedsUrl.replace(/\/seeds$/, "/export"));
  const preview = page.getByRole("list", { name: "First lines of the file" });
  const items = preview.locator("li");
  const parsed = async () =>
    (await items.locator("pre").allTextContents()).map(
      (t) => JSON.parse(t) as Record<string, unknown>,
    );

  // The first lines of the alpaca file, as the download writes them.
  await expect(items).toHaveCount(2);
  expect((await parsed()).map((l) => alpacaSftLineSchema.parse(l).output)).toEqual([
    "paris.",
    HOSTILE_EXPORT_TEXT,
  ]);
  // Hostile text is shown as text, not markup.
  await expect(preview.locator("b, script")).toHaveCount(0);

  // A system prompt typed as a person types it lands on every line.
  await page.getByLabel("System prompt (optional)").click();
  await page.keyboard.type("You answer <exactly>.", { delay: 60 });
  await expect(items.first()).toContainText('"system": "You answer <exactly>."');
  expect(
    (await parsed()).every((l) => alpacaSftLineSchema.parse(l).system === "You answer <exactly>."),
  ).toBe(true);

  await page.getByLabel("Format").selectOption("openai-chat");
  await expect(items.first()).toContainText('"role": "system"');
  expect(
    (await parsed()).map((l) => openaiChatLineSchema.parse(l).messages.map((m) => m.role)),
  ).toEqual([
    ["system", "user", "assistant"],
    ["system", "user", "assistant"],
  ]);
  await page.screenshot({ path: test.info().outputPath("preview.png"), fullPage: true });

  // KTO from the pairs: the chosen response desirable, the rejected one not.
  await page.getByRole("button", { name: "DPO pairs" }).click();
  await page.getByLabel("Format").selectOption("kto");
  await expect(items.first()).toContainText('"kto_tag": true');
  await expect(items).toHaveCount(2);
  expect(
    (await parsed()).map((l) => {
      const k = ktoLineSchema.parse(l);
      return [k.conversations[1].value, k.kto_tag];
    }),
  ).toEqual([
    ["paris.", true],
    ["PARIS", false],
  ]);

  // A filter that removes everything: the message names it, no download unless asked.
  await page.getByRole("button", { name: "SFT examples" }).click();
  await page.getByLabel("Score 0-10 from").click();
  await page.keyboard.type("10", { delay: 80 });
  await expect(page.locator("output.export-count")).toHaveText("0 examples to export");
  const notice = page.locator(".export-empty");
  await expect(notice).toHaveText(
    /Nothing to export: the filter "score ≥ 10" left 0 of the 2 responses left by "instruction status kept"\./,
  );
  await expect(page.getByRole("link", { name: /Download/ })).toHaveCount(0);
  await expect(page.locator("tr.export-removed-all")).toHaveText(/score ≥ 10\s*0/);
  await expect(page.getByRole("region", { name: "Preview" })).toContainText(
    "No lines. Nothing to export",
  );
  await page.screenshot({ path: test.info().outputPath("empty.png"), fullPage: true });
  await notice.getByLabel(/Download an empty file anyway/).check();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download empty .jsonl" }).click(),
  ]);
  expect(fs.readFileSync((await download.path())!, "utf8")).toBe("");
  const past = page.getByRole("table", { name: "Past exports" });
  await expect(past.locator("tbody tr")).toHaveCount(1);
  await expect(
    page.getByRole("region", { name: "Manifest" }).getByLabel("dataset_info.json entry"),
  ).toHaveCount(0);
});
