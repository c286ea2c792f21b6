import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test, type Page } from "@playwright/test";
import { createProject, uniqueName } from "./helpers";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const rows = (page: Page) =>
  page.getByRole("table", { name: "Seed instructions" }).locator("tbody tr");
const row = (page: Page, text: string) => rows(page).filter({ hasText: text });

async function addSeed(page: Page, text: string, tags = "") {
  await page.getByLabel("New seed instruction").fill(text);
  await page.getByLabel("Tags", { exact: true }).fill(tags);
  await page.getByRole("button", { name: "Add seed" }).click();
  await expect(row(page, text)).toHaveCount(1);
}

test("add, edit, tag, search and delete seed instructions; reload keeps them", async ({ page }) => {
  await createProject(page, uniqueName("Seeds"));
  await expect(page.getByText("No seed instructions yet")).toBeVisible();

  await addSeed(page, "Answer in fewer than 40 words.", "length");
  await addSeed(page, "Write your whole answer in capital letters.");
  await expect(page.getByRole("status").filter({ hasText: "seed instructions" })).toHaveText(
    "2 seed instructions",
  );

  // Duplicate after normalization is refused and names the existing seed.
  await page.getByLabel("New seed instruction").fill("answer in FEWER than 40 words");
  await page.getByRole("button", { name: "Add seed" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("duplicate of seed #");
  await expect(page.getByRole("main").getByRole("alert")).toContainText(
    "Answer in fewer than 40 words.",
  );
  // Whitespace only is refused at the field.
  await page.getByLabel("New seed instruction").fill("   ");
  await page.getByRole("button", { name: "Add seed" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText(/empty/i);
  await expect(rows(page)).toHaveCount(2);

  // Edit inline.
  await row(page, "capital letters").getByRole("button", { name: /^Edit/ }).click();
  const editor = row(page, "").getByRole("textbox", { name: /^Text of/ });
  await editor.fill("Write your whole answer in lowercase letters.");
  await editor.press("Enter");
  await expect(row(page, "lowercase letters")).toHaveCount(1);
  await expect(row(page, "capital letters")).toHaveCount(0);

  // Tag inline.
  const tagInput = row(page, "lowercase letters").getByRole("textbox", { name: /^Add tag to/ });
  await tagInput.fill("Case");
  await tagInput.press("Enter");
  await expect(row(page, "lowercase letters").locator(".tag")).toHaveText(["case×"]);

  // Search by text and filter by tag.
  await page.getByLabel("Search seed instructions").fill("lowercase");
  await expect(rows(page)).toHaveCount(1);
  await page.getByLabel("Search seed instructions").fill("");
  await page.getByLabel("Tag", { exact: true }).selectOption("length");
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText("fewer than 40 words");
  await page.getByLabel("Tag", { exact: true }).selectOption("");

  // Reload keeps everything.
  await page.reload();
  await expect(rows(page)).toHaveCount(2);
  await expect(row(page, "lowercase letters").locator(".tag")).toHaveText(["case×"]);

  // Delete asks first and names the seed.
  await row(page, "fewer than 40 words")
    .getByRole("button", { name: /^Delete/ })
    .click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("Answer in fewer than 40 words.");
  await dialog.getByRole("button", { name: "Delete seed" }).click();
  await expect(rows(page)).toHaveCount(1);
  await page.reload();
  await expect(rows(page)).toHaveCount(1);
});

test("imports .txt by file picker and .jsonl by drag and drop, then exports", async ({ page }) => {
  await createProject(page, uniqueName("Import"));
  await page.getByLabel("Import file").setInputFiles(fixture("seeds-good.txt"));
  await expect(page.getByRole("status").filter({ hasText: "Imported" })).toHaveText(
    "Imported 3 seed instruction(s) from seeds-good.txt.",
  );
  await expect(rows(page)).toHaveCount(3);

  const content = fs.readFileSync(fixture("seeds-good.jsonl"), "utf8");
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], "seeds-good.jsonl", { type: "application/jsonl" }));
    return dt;
  }, content);
  await page.getByTestId("seed-dropzone").dispatchEvent("drop", { dataTransfer });
  await expect(page.getByRole("status").filter({ hasText: "Imported" })).toHaveText(
    "Imported 2 seed instruction(s) from seeds-good.jsonl.",
  );
  await expect(rows(page)).toHaveCount(5);
  await expect(row(page, "single valid JSON object").locator(".tag")).toHaveText([
    "category:format×",
  ]);

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: ".jsonl" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/-seeds\.jsonl$/);
  const exported = fs.readFileSync(await file.path(), "utf8");
  expect(exported.trim().split("\n")).toHaveLength(5);
});

test("a bad import shows the line and its problem and changes nothing", async ({ page }) => {
  await createProject(page, uniqueName("Bad import"));
  await addSeed(page, "Use no more than two sentences.");
  await page.getByLabel("Import file").setInputFiles(fixture("seeds-bad.jsonl"));
  const alert = page.getByRole("main").getByRole("alert").filter({ hasText: "Import refused" });
  await expect(alert).toContainText("seeds-bad.jsonl");
  await expect(alert).toContainText("Line 3");
  await expect(alert).toContainText("instruction");
  await expect(rows(page)).toHaveCount(1);
  await page.reload();
  await expect(rows(page)).toHaveCount(1);
});

test("seed text that looks like HTML is shown literally and runs nothing", async ({ page }) => {
  await createProject(page, uniqueName("Hostile"));
  await page.getByLabel("Import file").setInputFiles(fixture("seeds-hostile.txt"));
  await expect(rows(page)).toHaveCount(2);
  await addSeed(page, "<b>bold?</b><script>window.__xss=3</script>");
  await page.reload();
  await expect(row(page, '<img src=x onerror="window.__xss=1">')).toHaveCount(1);
  await expect(row(page, "Say <script>window.__xss=2</script> literally")).toHaveCount(1);
  await expect(row(page, "<b>bold?</b>")).toHaveCount(1);
  await expect(page.locator("tbody img, tbody b, tbody script")).toHaveCount(0);
  expect(
    await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
  ).toBeUndefined();
});

test("a file that is not UTF-8, or not .txt/.jsonl, is refused in the page with its line and nothing is sent", async ({
  page,
}) => {
  await createProject(page, uniqueName("Bad bytes"));
  await addSeed(page, "Use no more than two sentences.");
  let imports = 0;
  page.on("request", (request) => {
    if (request.url().includes("seed.import")) imports++;
  });
  const latin1 = Buffer.concat([
    Buffer.from("Answer briefly.\nUse no commas.\nR"),
    Buffer.from([0xe9]),
    Buffer.from("ponds en fran"),
    Buffer.from([0xe7]),
    Buffer.from("ais.\n"),
  ]);
  await page
    .getByLabel("Import file")
    .setInputFiles({ name: "latin1.txt", mimeType: "text/plain", buffer: latin1 });
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toHaveText(/^latin1\.txt: nothing was imported\. Line 3: Not valid UTF-8/);
  await page.getByLabel("Import file").setInputFiles({
    name: "seeds.csv",
    mimeType: "text/csv",
    buffer: Buffer.from('instruction\n=HYPERLINK("http://evil.example")\n'),
  });
  await expect(alert).toHaveText(/^seeds\.csv: only \.txt .* and \.jsonl files can be imported\.$/);
  expect(imports).toBe(0);
  await expect(rows(page)).toHaveCount(1);
});
