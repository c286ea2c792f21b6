import { expect, test, type Page } from "@playwright/test";
import { openDatabase } from "@/db/client";
import { seedAuditProject } from "@/db/testing/auditSeed";
import { seedReviewProject } from "./fixtures/reviewProject";
import { createProject, uniqueName } from "./helpers";

const rows = (page: Page) =>
  page.getByRole("table", { name: "Seed instructions" }).locator("tbody tr");
const row = (page: Page, text: string) => rows(page).filter({ hasText: text });

async function typeSeed(page: Page, text: string) {
  await page.getByLabel("New seed instruction").focus();
  await page.keyboard.type(text);
  await page.getByRole("button", { name: "Add seed" }).click();
}

test("a project's seeds are numbered from 1, a number stays with its seed, and a duplicate names the number the list shows", async ({
  page,
}) => {
  // Another project's items come first, so the database's ids are not 1, 2, 3.
  seedReviewProject(uniqueName("Before"), 16);
  await createProject(page, uniqueName("Numbers"));
  await typeSeed(page, "Answer in fewer than 40 words.");
  await expect(row(page, "fewer than 40")).toHaveCount(1);
  await typeSeed(page, "Write your whole answer in capital letters.");
  await expect(row(page, "capital letters").locator("td").first()).toHaveText("2");
  await row(page, "fewer than 40 words")
    .getByRole("button", { name: /^Delete/ })
    .click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete seed" }).click();
  await expect(rows(page)).toHaveCount(1);
  await expect(row(page, "capital letters").locator("td").first()).toHaveText("2");
  await typeSeed(page, "write your WHOLE answer in capital letters");
  await expect(page.getByRole("main").getByRole("alert")).toContainText(
    'duplicate of seed #2 "Write your whole answer in capital letters."',
  );
});

test("responses, pairs and instructions are numbered per project in lists, headings and messages", async ({
  page,
}) => {
  seedReviewProject(uniqueName("Earlier"), 48);
  const seed = seedReviewProject(uniqueName("Later"), 160);
  await page.goto(`/projects/${seed.projectId}/responses`);
  await expect(page.getByRole("region", { name: "Response 1" })).toBeVisible();
  await expect(
    page.getByRole("region", { name: "Response 1" }).getByRole("heading", { level: 2 }),
  ).toHaveText(/^Response #1 /);
  await expect(
    page.getByRole("listbox", { name: "Responses" }).getByRole("option").first(),
  ).toContainText("#1");
  await page.goto(`/projects/${seed.projectId}/pairs`);
  await expect(
    page.getByRole("region", { name: "Pair 1" }).getByRole("heading", { level: 2 }),
  ).toHaveText("Pair #1");
  await page.goto(`/projects/${seed.projectId}/instructions`);
  await expect(
    page.getByRole("listbox", { name: "Instructions" }).getByRole("option").first(),
  ).toContainText("#1");
  await expect(page.getByRole("status", { name: "Review progress of instructions" })).toHaveText(
    "Reviewed 0 of 2 instructions",
  );
});

test("verifiers are named by their per-project number in outcome badges, the audit's panels and its matrix", async ({
  page,
}) => {
  const db = openDatabase(process.env.AUTOIF_E2E_DB!);
  let s: ReturnType<typeof seedAuditProject>;
  try {
    seedAuditProject(db, { name: uniqueName("Verifiers before") }); // takes verifier ids first
    s = seedAuditProject(db, { name: uniqueName("Verifier numbers") });
  } finally {
    db.$client.close();
  }
  expect(s.verifierNumbers).toEqual([1, 2, 3]);
  expect(s.verifierIds).not.toEqual([1, 2, 3]);
  await page.goto(`/projects/${s.projectId}/responses`);
  const chips = page
    .getByRole("region", { name: "Response 1" })
    .getByLabel("Verifier outcomes")
    .locator(".outcome");
  await expect(chips).toHaveText([/^#1 (pass|fail)$/, /^#2 (pass|fail)$/, /^#3 (pass|fail)$/]);
  await page.goto(`/projects/${s.projectId}/instructions?i=${s.instructionId}`);
  const detail = page.getByRole("region", { name: `Instruction ${s.instructionId}`, exact: true });
  for (const n of [1, 2, 3])
    await expect(detail.getByRole("region", { name: `Verifier #${n}`, exact: true })).toBeVisible();
  const head = detail.getByRole("table", { name: "Verifiers by responses" }).locator("thead th");
  await expect(head.filter({ hasText: /^#\d/ })).toHaveText([/^#1/, /^#2/, /^#3/]);
  await page.screenshot({ path: test.info().outputPath("verifier-numbers.png"), fullPage: true });
});
