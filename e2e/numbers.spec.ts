import { expect, test, type Page } from "@playwright/test";
import { seedReviewProject } from "./fixtures/reviewProject";
import { createProject, uniqueName } from "./helpers";

const rows = (page: Page) => page.getByRole("table", { name: "Seed instructions" }).locator("tbody tr");
const row = (page: Page, text: string) => rows(page).filter({ hasText: text });

async function typeSeed(page: Page, text: string) {
  await page.getByLabel("New seed instruction").focus();
  await page.keyboard.type(text);
  await page.getByRole("button", { name: "Add seed" }).click();
}

test("a project's seeds are numbered from 1, a number stays with its seed, and a duplicate names the number the list shows", async ({ page }) => {
  // Another project's items come first, so the database's ids are not 1, 2, 3.
  seedReviewProject(uniqueName("Before"), 16);
  await createProject(page, uniqueName("Numbers"));
  await typeSeed(page, "Answer in fewer than 40 words.");
  await expect(row(page, "fewer than 40")).toHaveCount(1);
  await typeSeed(page, "Write your whole answer in capital letters.");
  await expect(row(page, "capital letters").locator("td").first()).toHaveText("2");
  await row(page, "fewer than 40 words").getByRole("button", { name: /^Delete/ }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete seed" }).click();
  await expect(rows(page)).toHaveCount(1);
  await expect(row(page, "capital letters").locator("td").first()).toHaveText("2");
  await typeSeed(page, "write your WHOLE answer in capital letters");
  await expect(page.getByRole("main").getByRole("alert")).toContainText('duplicate of seed #2 "Write your whole answer in capital letters."');
});

test("responses, pairs and instructions are numbered per project in lists, headings and messages", async ({ page }) => {
  seedReviewProject(uniqueName("Earlier"), 48);
  const seed = seedReviewProject(uniqueName("Later"), 160);
  await page.goto(`/projects/${seed.projectId}/responses`);
  await expect(page.getByRole("region", { name: "Response 1" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Response 1" }).getByRole("heading", { level: 2 })).toHaveText(/^Response #1 /);
  await expect(page.getByRole("listbox", { name: "Responses" }).getByRole("option").first()).toContainText("#1");
  await page.goto(`/projects/${seed.projectId}/pairs`);
  await expect(page.getByRole("region", { name: "Pair 1" }).getByRole("heading", { level: 2 })).toHaveText("Pair #1");
  await page.goto(`/projects/${seed.projectId}/instructions`);
  await expect(page.getByRole("listbox", { name: "Instructions" }).getByRole("option").first()).toContainText("#1");
  await expect(page.getByRole("status", { name: "Review progress of instructions" })).toHaveText("Reviewed 0 of 2 instructions");
});
