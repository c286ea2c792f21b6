import { expect, test, type Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { projects, testCases, verifiers } from "@/db/schema";
import { seedAuditProject } from "@/db/testing/auditSeed";
import { uniqueName } from "./helpers";
import { pasteCode } from "./monaco";

type Seed = ReturnType<typeof seedAuditProject>;
let seed: Seed;

test.beforeAll(() => {
  // The server and this process share the SQLite file (WAL): data written here is what the page reads.
  const db = openDatabase(process.env.AUTOIF_E2E_DB!);
  seed = seedAuditProject(db, { name: uniqueName("Audit") });
  db.$client.close();
});

async function openAudit(page: Page) {
  await page.goto("/");
  await page.evaluate(() => localStorage.setItem("autoif.reviewer", "e2e"));
  await page.goto(`/projects/${seed.projectId}/instructions?i=${seed.instructionId}`);
  const detail = page.getByRole("region", {
    name: `Instruction ${seed.instructionId}`,
    exact: true,
  });
  await expect(detail.getByRole("heading", { name: /^Verifiers/ })).toBeVisible();
  return detail;
}

/** Replaces the code in a verifier's Monaco editor by pasting it, as a researcher would paste a fix. */
const typeCode = (page: Page, panel: ReturnType<Page["getByRole"]>, code: string) =>
  pasteCode(page, panel.locator(".monaco-host"), code);

test("edit a verifier, run it in the browser, see outcomes change, save, reload, see version 2 and the diff", async ({
  page,
}) => {
  const detail = await openAudit(page);
  const [v1] = seed.verifierNumbers;
  const panel = detail.getByRole("region", { name: `Verifier #${v1}`, exact: true });
  await expect(panel.locator(".monaco-editor")).toBeVisible();
  await expect(panel.locator(".monaco-editor")).toContainText("toLowerCase");

  await panel.getByRole("button", { name: "Run in browser" }).click();
  await expect(panel.getByRole("status")).toContainText("5/5 kept cases right");

  await panel.getByRole("button", { name: "Edit" }).click();
  await typeCode(page, panel, "function evaluate(response) {\n  return (;\n}");
  await expect(
    panel.getByRole("alert").filter({ hasText: "Compile error at line 2" }),
  ).toBeVisible();
  await expect(panel.locator(".monaco-editor .squiggly-error")).toHaveCount(1);

  await typeCode(
    page,
    panel,
    "function evaluate(response) {\nreturn response === response.toLowerCase() && response.length < 10;\n}",
  );
  await expect(panel.getByRole("alert").filter({ hasText: "Compile error" })).toHaveCount(0);
  await panel.getByRole("button", { name: "Run in browser" }).click();
  await expect(panel.getByRole("status")).toContainText("3/5 kept cases right");
  await expect(panel.getByRole("status")).toContainText("edited code, not saved");

  await panel.getByRole("button", { name: "Save as new version" }).click();
  const summary = detail.getByRole("region", { name: "What changed" });
  await expect(summary).toContainText("as version 2");
  await expect(summary).toContainText("Responses whose pass rate or decision moved");

  await page.reload();
  const v2 = page
    .getByRole("region", { name: /^Verifier #\d+$/ })
    .filter({ hasText: "version 2 by e2e" });
  await expect(v2).toBeVisible();
  await expect(v2.locator(".monaco-editor")).toContainText("length");
  await v2.getByRole("button", { name: /^History/ }).click();
  const versions = v2.getByRole("table", { name: /^Versions of verifier/ });
  await expect(versions.locator("tbody tr")).toHaveCount(2);
  await expect(versions).toContainText("superseded by version 2");
  const diff = v2.getByRole("region", { name: "Diff of version 1 and version 2" });
  await expect(diff.locator(".monaco-diff-editor")).toBeVisible();
  await expect(diff).toContainText("length");
});

test("a looping verifier times out in the browser and the page keeps responding", async ({
  page,
}) => {
  const detail = await openAudit(page);
  const panel = detail.getByRole("region", {
    name: `Verifier #${seed.verifierNumbers[1]}`,
    exact: true,
  });
  await panel.getByRole("button", { name: "Edit" }).click();
  await typeCode(page, panel, "function evaluate(response) {\nwhile (true) {}\n}");
  await panel.getByRole("button", { name: "Run in browser" }).click();
  // While the worker is stuck in the loop, the page still answers clicks.
  const other = detail.getByRole("region", {
    name: `Verifier #${seed.verifierNumbers[2]}`,
    exact: true,
  });
  await other.getByRole("button", { name: /^History/ }).click();
  await expect(other.getByRole("table", { name: /^Versions of verifier/ })).toBeVisible();
  await expect(
    detail.getByRole("table", { name: "Test cases" }).getByText("time-out").first(),
  ).toBeVisible({ timeout: 20_000 });
  await expect(panel.getByRole("status")).toContainText("Ran", { timeout: 20_000 });
  await expect(
    detail
      .getByRole("table", { name: "Verifiers by responses" })
      .getByRole("button", { name: /time-out/ })
      .first(),
  ).toBeVisible();
});

test("instruction, case and response texts with HTML and script are shown literally and run nothing; labels, reviews and shortcuts work", async ({
  page,
}) => {
  const detail = await openAudit(page);
  await expect(detail.getByRole("heading", { level: 2 })).toContainText(
    "<script>window.__pwned=1</script>",
  );
  await expect(detail.getByRole("table", { name: "Test cases" })).toContainText(
    '<img src=x onerror="window.__pwned=1">',
  );
  const matrix = detail.getByRole("table", { name: "Verifiers by responses" });
  await matrix
    .getByRole("button", { name: /^#\d+$/ })
    .first()
    .click();
  const inspector = detail.getByRole("region", { name: /^Response #\d+$/ });
  await expect(inspector).toContainText("<script>window.__pwned=1</script>");
  await expect(inspector).toContainText("Tell me about owls? <img src=x");
  expect(
    await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
  ).toBeUndefined();
  expect(await page.locator("img[src=x]").count()).toBe(0);

  await inspector.getByRole("button", { name: "Follows", exact: true }).click();
  await expect(detail.getByRole("table", { name: "Agreement with human labels" })).toBeVisible();
  await expect(detail).toContainText("over 1 labelled responses");

  // Keyboard: ? opens the help, a approves the instruction, j moves on.
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toContainText(
    "run every verifier",
  );
  await page.keyboard.press("Escape");
  await detail
    .getByRole("textbox", { name: "Reason for the verdict on instruction" })
    .fill("clear and checkable");
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("a");
  await expect(detail.locator(".badge.review-approved")).toBeVisible();
  await expect(
    page.getByRole("listbox", { name: "Instructions" }).getByRole("option", { selected: true }),
  ).toContainText("approved");
});

/** A fresh audit project, optionally changed in the database before the page opens it. */
function freshAudit(change?: (db: ReturnType<typeof openDatabase>, s: Seed) => void) {
  const db = openDatabase(process.env.AUTOIF_E2E_DB!);
  try {
    const s = seedAuditProject(db, { name: uniqueName("Audit keys") });
    change?.(db, s);
    return s;
  } finally {
    db.$client.close();
  }
}

async function openFresh(page: Page, s: Seed) {
  await page.goto("/");
  await page.evaluate(() => localStorage.setItem("autoif.reviewer", "e2e"));
  await page.goto(`/projects/${s.projectId}/instructions?i=${s.instructionId}`);
  const detail = page.getByRole("region", { name: `Instruction ${s.instructionId}`, exact: true });
  await expect(detail.getByRole("heading", { name: /^Verifiers/ })).toBeVisible();
  return detail;
}

test("the response matrix is labelled from the keyboard: j / k move, y follows, n violates, c clears; the instruction stays", async ({
  page,
}) => {
  const s = freshAudit();
  const detail = await openFresh(page, s);
  const matrix = detail.getByRole("table", { name: "Verifiers by responses" });
  const rows = matrix.locator("tbody tr");
  const ids = await rows.evaluateAll((trs) =>
    trs.map((tr) => Number(tr.getAttribute("data-response"))),
  );
  expect(ids.length).toBe(12);
  const row = (i: number) => matrix.locator(`tr[data-response="${ids[i]}"]`);
  // The inspector names the response by its per-project number, as the row's first cell shows it.
  const numbers = await rows.evaluateAll((trs) =>
    trs.map((tr) => tr.querySelector("td button")!.textContent!.replace("#", "")),
  );
  const inspector = (i: number) =>
    detail.getByRole("region", { name: `Response #${numbers[i]}`, exact: true });

  // A click on a row's text puts the cursor there and focuses the matrix.
  await row(0).locator(".matrix-text").click();
  await expect(row(0)).toHaveAttribute("aria-current", "true");
  await expect(inspector(0)).toBeVisible();
  await page.keyboard.press("n");
  await expect(row(0).locator(".badge.label-violates")).toBeVisible();
  await expect(inspector(1)).toBeVisible();
  await page.keyboard.press("j");
  await expect(row(2)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("k");
  await page.keyboard.press("y");
  await expect(row(1).locator(".badge.label-follows")).toBeVisible();
  await expect(row(2)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("y");
  await expect(row(3).locator(".badge.label-follows")).toBeVisible();
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowUp");
  await expect(row(1)).toHaveAttribute("aria-current", "true");
  // c clears my label and leaves the cursor where it is.
  await page.keyboard.press("c");
  await expect(row(1).locator(".badge")).toHaveCount(0);
  await expect(row(1)).toHaveAttribute("aria-current", "true");
  await expect(detail.locator(".matrix-wrap > p.hint")).toContainText("2 of 12 labelled");
  // The keys moved the response cursor, never the instruction.
  expect(new URL(page.url()).searchParams.get("i")).toBe(String(s.instructionId));
  await expect(page.getByRole("dialog")).toHaveCount(0);

  // Saved, and counted in the agreement: the page after a reload shows the same labels.
  await expect(detail).toContainText("over 2 labelled responses");
  await page.reload();
  await expect(row(0).locator(".badge.label-violates")).toBeVisible();
  await expect(row(3).locator(".badge.label-follows")).toBeVisible();
  await expect(row(1).locator(".badge")).toHaveCount(0);
  await expect(row(2).locator(".badge")).toHaveCount(0);

  // Escape leaves the matrix; then keys belong to the page again (? opens its help).
  await row(5).locator(".matrix-text").click();
  await page.keyboard.press("Escape");
  await expect(matrix.locator("tr[aria-current]")).toHaveCount(0);
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toContainText(
    "label the response",
  );
});

test("identical verifiers are folded under the one kept for them (+N identical) and expand", async ({
  page,
}) => {
  let duplicates: number[] = [];
  const s = freshAudit((db, seeded) => {
    const source = db
      .select({ source: verifiers.source, instructionId: verifiers.instructionId })
      .from(verifiers)
      .where(eq(verifiers.id, seeded.verifierIds[0]!))
      .get()!;
    duplicates = Array.from(
      { length: 6 },
      () =>
        db
          .insert(verifiers)
          .values({
            ...source,
            origin: "llm",
            compileStatus: "ok",
            pipelineStatus: "dropped",
            dropReason: `duplicate of verifier #${seeded.verifierNumbers[0]}`,
          })
          .returning()
          .get().id,
    ).map(
      (id) =>
        db.select({ n: verifiers.number }).from(verifiers).where(eq(verifiers.id, id)).get()!.n!,
    );
  });
  const detail = await openFresh(page, s);
  // Three panels, not nine; the kept one says how many it stands for.
  await expect(detail.getByRole("region", { name: /^Verifier #\d+$/ })).toHaveCount(3);
  const kept = detail.getByRole("region", {
    name: `Verifier #${s.verifierNumbers[0]}`,
    exact: true,
  });
  const more = kept.getByRole("button", { name: "+6 identical" });
  await expect(more).toHaveAttribute("aria-expanded", "false");
  await expect(
    detail.getByRole("table", { name: "Verifiers by responses" }).locator("thead th"),
  ).toHaveCount(4 + 3);
  await expect(
    detail.getByRole("table", { name: "Verifiers by responses" }).locator("thead"),
  ).toContainText(`#${s.verifierNumbers[0]} +6`);
  await more.focus();
  await page.keyboard.press("Enter");
  await expect(more).toHaveAttribute("aria-expanded", "true");
  const list = kept.getByRole("table", { name: `Verifiers identical to #${s.verifierNumbers[0]}` });
  await expect(list.locator("tr")).toHaveCount(6);
  for (const id of duplicates) await expect(list).toContainText(`#${id}`);
  await expect(list).toContainText(`duplicate of verifier #${s.verifierNumbers[0]}`);
  await page.keyboard.press("Enter");
  await expect(list).toHaveCount(0);
});

test('the live accuracy follows the preset: a case expecting "True" counts under paper, not when strings are not booleans', async ({
  page,
}) => {
  const s = freshAudit((db, seeded) => {
    db.update(testCases)
      .set({ expectedRaw: JSON.stringify("True") })
      .where(eq(testCases.id, seeded.caseIds[0]!))
      .run();
  });
  let detail = await openFresh(page, s);
  const panel = () =>
    detail.getByRole("region", { name: `Verifier #${s.verifierNumbers[0]}`, exact: true });
  await expect(panel()).toContainText("accuracy 100% on kept cases");
  await panel().getByRole("button", { name: "Run in browser" }).click();
  // The pipeline's rule (paper: "True" is true): the same 5 of 5 the stored accuracy says.
  await expect(panel().getByRole("status")).toContainText("5/5 kept cases right (100%)");

  // With stringBooleans off the pipeline would not judge that case; neither does the audit.
  const db = openDatabase(process.env.AUTOIF_E2E_DB!);
  try {
    const row = db
      .select({ config: projects.config })
      .from(projects)
      .where(eq(projects.id, s.projectId))
      .get()!;
    const config = row.config as { crossValidate: { stringBooleans: boolean } };
    db.update(projects)
      .set({
        config: { ...config, crossValidate: { ...config.crossValidate, stringBooleans: false } },
      })
      .where(eq(projects.id, s.projectId))
      .run();
  } finally {
    db.$client.close();
  }
  detail = await openFresh(page, s);
  await panel().getByRole("button", { name: "Run in browser" }).click();
  await expect(panel().getByRole("status")).toContainText("4/4 kept cases right (100%)");
});
