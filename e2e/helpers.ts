import { expect, type Page } from "@playwright/test";

/** A project name no other test uses. */
export function uniqueName(prefix: string) {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/** Creates a project through the UI and lands on its seeds page; returns the project's URL. */
export async function createProject(page: Page, name: string) {
  await page.goto("/");
  await page.getByLabel("New project").fill(name);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name: "Seed instructions" })).toBeVisible();
  await expect(page.locator(".sidebar .project-name")).toContainText(name);
  return page.url();
}

/** Types a reviewer name once, as a person does, and leaves the focus on the page for the review keys. */
export async function chooseReviewer(page: Page, name: string) {
  await page.getByLabel("Your reviewer name").focus();
  await page.keyboard.type(name);
  await page.keyboard.press("Enter");
  await expect(page.getByText(`Reviewing as ${name}`)).toBeVisible();
  await page.locator("body").focus();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}
