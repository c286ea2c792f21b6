import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { exportManifestSchema } from "@/lib/formats/manifest";
import { insertExportRows } from "./fixtures/exportRows";
import { createProject, uniqueName } from "./helpers";
import { guardPage } from "./pageGuards";

// Markdown a reviewer types, with HTML and a script link that must stay inert text.
const GUIDELINES = [
  "# Labelling",
  "A response **follows** when every letter is lowercase.",
  `- <img src=x onerror="window.__xss='guidelines'"> is shown as text`,
  "- [the paper](javascript:window.__xss='link')",
].join("\n");

async function typeGuidelines(page: Page, text: string) {
  const box = page.getByRole("textbox", { name: "Guidelines text" });
  await box.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.type(text, { delay: 15 });
  await expect(box).toHaveValue(text);
}

test("guidelines are typed in Settings, previewed safely, shown beside Instructions, Responses and Pairs, and written into the manifest", async ({
  page,
  baseURL,
}) => {
  const guard = await guardPage(page, baseURL!);
  const seedsUrl = await createProject(page, uniqueName("Guidelines"));
  const projectUrl = seedsUrl.replace(/\/seeds$/, "");
  const projectId = Number(/projects\/(\d+)/.exec(seedsUrl)![1]);
  await page.goto(`${projectUrl}/settings`);
  const editor = page.getByRole("region", { name: "Annotation guidelines" });
  await typeGuidelines(page, GUIDELINES);

  const preview = editor.getByRole("region", { name: "Guidelines preview" });
  await expect(preview.getByRole("heading", { name: "Labelling" })).toBeVisible();
  await expect(preview.locator("strong")).toHaveText("follows");
  await expect(preview).toContainText(
    `<img src=x onerror="window.__xss='guidelines'"> is shown as text`,
  );
  await expect(preview.locator("img")).toHaveCount(0);
  await expect(preview.getByRole("link", { name: "the paper" })).not.toHaveAttribute(
    "href",
    /javascript/i,
  );
  await editor.getByRole("button", { name: "Save guidelines" }).click();
  await expect(editor.getByRole("status")).toHaveText("Guidelines saved.");
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Guidelines text" })).toHaveValue(GUIDELINES);

  // Beside every review page; g hides and shows them (the choice is kept in this browser).
  for (const path of ["instructions", "responses", "pairs"]) {
    await page.goto(`${projectUrl}/${path}`);
    const aside = page.getByRole("complementary", { name: "Annotation guidelines" });
    await expect(aside.getByRole("heading", { name: "Labelling" })).toBeVisible();
    await expect(aside).toContainText("<img src=x onerror=");
    await expect(aside.locator("img")).toHaveCount(0);
  }
  await page.getByRole("heading", { level: 1, name: "Pairs" }).click();
  await page.keyboard.press("g");
  const aside = page.getByRole("complementary", { name: "Annotation guidelines" });
  await expect(aside.getByRole("heading", { name: "Labelling" })).toHaveCount(0);
  await page.reload();
  await expect(aside.getByRole("button", { name: "Guidelines" })).toHaveAttribute(
    "aria-expanded",
    "false",
  );
  await page.keyboard.press("g");
  await expect(aside.getByRole("heading", { name: "Labelling" })).toBeVisible();
  await guard.expectClean("review pages with hostile guidelines");

  // The export's manifest carries the guidelines as they were when the file was written.
  insertExportRows(process.env.AUTOIF_E2E_DB!, projectId);
  await page.goto(`${projectUrl}/export`);
  await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download .jsonl" }).click(),
  ]);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download manifest" }).click(),
  ]);
  const manifest = exportManifestSchema.parse(
    JSON.parse(fs.readFileSync((await download.path())!, "utf8")),
  );
  expect(manifest.guidelines?.text).toBe(GUIDELINES);
  // The page's manifest view shows them too, rendered as safely as beside the review pages.
  const view = page
    .getByRole("region", { name: "Manifest" })
    .filter({ has: page.getByRole("region", { name: "Guidelines in the manifest" }) });
  await expect(view).toContainText(`sha256 ${manifest.guidelines!.sha256.slice(0, 12)}`);
  const shown = view.getByRole("region", { name: "Guidelines in the manifest" });
  await expect(shown.getByRole("heading", { name: "Labelling" })).toBeVisible();
  await expect(shown.locator("strong")).toHaveText("follows");
  await expect(shown).toContainText(
    `<img src=x onerror="window.__xss='guidelines'"> is shown as text`,
  );
  await expect(shown.locator("img")).toHaveCount(0);
  await shown.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("manifest-guidelines.png") });
  await guard.expectClean("the manifest view with hostile guidelines");
});

test("two reviewers editing the guidelines: the second save is refused with a reason, and nothing is overwritten", async ({
  page,
  context,
}) => {
  const seedsUrl = await createProject(page, uniqueName("Guidelines race"));
  const settings = seedsUrl.replace(/\/seeds$/, "/settings");
  await page.goto(settings);
  await expect(page.getByRole("textbox", { name: "Guidelines text" })).toHaveValue("");
  const other = await context.newPage();
  await other.goto(settings);
  await expect(other.getByRole("textbox", { name: "Guidelines text" })).toHaveValue("");

  await page.bringToFront();
  await typeGuidelines(page, "Label by the instruction's words only.");
  await page.getByRole("button", { name: "Save guidelines" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Guidelines saved." })).toBeVisible();

  await other.bringToFront();
  await typeGuidelines(other, "Label generously.");
  await other.getByRole("button", { name: "Save guidelines" }).click();
  await expect(
    other.getByRole("region", { name: "Annotation guidelines" }).getByRole("alert"),
  ).toContainText("changed by someone else since you opened them");
  // Discard shows the version that was saved.
  await other.getByRole("button", { name: "Discard", exact: true }).click();
  await expect(other.getByRole("textbox", { name: "Guidelines text" })).toHaveValue(
    "Label by the instruction's words only.",
  );
});
