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

const fixturePath = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

/** A project with the good seed file and the small query pool (9 of its 10 queries kept), both imported through the UI; returns its seeds URL. */
export async function projectWithPool(page: Page, prefix: string) {
  const url = await createProject(page, uniqueName(prefix));
  await page.getByLabel("Import file").setInputFiles(fixturePath("seeds-good.txt"));
  await expect(page.getByRole("status").filter({ hasText: "Imported" })).toBeVisible();
  // A small query pool, uploaded through the streaming import; the 2-character query is filtered out.
  await page.goto(url.replace(/\/seeds$/, "/queries"));
  await page.getByLabel("Query pool file").setInputFiles(fixturePath("queries-small.jsonl"));
  await expect(
    page.getByRole("main").getByRole("status").filter({ hasText: "Imported" }),
  ).toContainText("Imported 9 of 10 queries");
  return url;
}

/** On the Settings page: the knobs of a run small enough for a test (2 augment calls, K = 3, 2 queries and 2 responses each). */
export async function setSmallRun(page: Page) {
  const augment = page.getByRole("group", { name: "1 · Augment" });
  await augment.getByLabel("Instructions per call").fill("10");
  await augment.getByLabel("Target count").fill("8");
  await augment.getByLabel("Max calls").fill("2");
  await page
    .getByRole("group", { name: "2 · Verifier generation" })
    .getByLabel("Functions per instruction")
    .fill("3");
  for (const [label, value] of [
    ["Deadline (ms)", "200"],
    ["Queries per instruction", "2"],
    ["Responses per sample", "2"],
  ] as const) {
    const input = page.getByLabel(label, { exact: true });
    await input.fill(value);
    await expect(input).toHaveValue(value);
  }
}
