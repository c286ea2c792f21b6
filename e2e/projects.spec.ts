import { expect, test } from "@playwright/test";
import { createProject, uniqueName } from "./helpers";

test("the first start shows the labelled example project with its seeds", async ({ page }) => {
  await page.goto("/");
  const example = page.getByRole("row").filter({ hasText: "Example: format constraints" });
  await expect(example).toContainText("example data");
  await example.getByRole("link", { name: "Example: format constraints" }).click();
  await expect(page.getByRole("status").filter({ hasText: "seed instructions" })).toHaveText(
    /^3\d seed instructions$/,
  );
});

test("create, rename and delete a project; the deletion names what goes", async ({ page }) => {
  const name = uniqueName("Lifecycle");
  await createProject(page, name);
  await page.getByLabel("New seed instruction").fill("Answer with exactly three bullet points.");
  await page.getByRole("button", { name: "Add seed" }).click();
  await page.getByRole("link", { name: "Projects" }).click();

  const renamed = `${name} renamed`;
  await page.getByRole("button", { name: `Rename project ${name}` }).click();
  await page.getByLabel(`New name for ${name}`).fill(renamed);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("link", { name: renamed })).toBeVisible();

  // A clash is refused at the field.
  await page.getByLabel("New project").fill(renamed.toUpperCase());
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("already exists");

  await page.getByRole("button", { name: `Delete project ${renamed}` }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText(`Delete project "${renamed}"?`);
  await expect(dialog).toContainText("1 seed instruction");
  await dialog.getByRole("button", { name: "Delete project" }).click();
  await expect(page.getByRole("link", { name: renamed })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("link", { name: renamed })).toHaveCount(0);
});

test("settings: every knob is editable, invalid values get a message at the field", async ({
  page,
}) => {
  const url = await createProject(page, uniqueName("Settings"));
  await page.goto(url.replace(/\/seeds$/, "/settings"));
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();

  const accuracy = page.getByLabel("Function accuracy threshold");
  await expect(accuracy).toHaveValue("0.5");
  await accuracy.fill("1.5");
  await expect(accuracy).toHaveAttribute("aria-invalid", "true");
  await expect(
    page.getByRole("main").getByRole("alert").filter({ hasText: "Must be at most 1." }),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Save configuration" })).toBeDisabled();
  await accuracy.fill("0.75");

  await page.getByLabel("Responses per sample").fill("4");
  await page.getByRole("button", { name: "Save configuration" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Function accuracy threshold")).toHaveValue("0.75");
  await expect(page.getByLabel("Responses per sample")).toHaveValue("4");

  // Switching the preset fills every knob with the preset's values.
  await page.getByLabel("Preset", { exact: true }).selectOption("code");
  await expect(page.getByLabel("Function accuracy threshold")).toHaveValue("0.8");
  await expect(page.getByLabel("Error counting")).toHaveValue("excluded");
  await page.getByRole("button", { name: "Save configuration" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Preset", { exact: true })).toHaveValue("code");
});

test("every section of a project is reachable from the sidebar, which marks the current one", async ({
  page,
}) => {
  const url = await createProject(page, uniqueName("Nav"));
  const nav = page.getByRole("navigation", { name: "Project" });
  const sections = [
    "Queries",
    "Instructions",
    "Conflicts",
    "Responses",
    "Pairs",
    "Runs",
    "Export",
    "Settings",
    "Seeds",
  ];
  for (const section of sections) {
    const link = nav.getByRole("link", { name: new RegExp(`^${section}`) });
    await link.click();
    await expect(page).toHaveURL(new RegExp(`/${section.toLowerCase()}$`));
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(link).toHaveAttribute("aria-current", "page");
    // A page that is not built yet says so plainly instead of showing made-up content.
    if (await page.getByText("Not built yet").count())
      await expect(page.getByRole("status").first()).toContainText("Not built yet");
  }
  await expect(page).toHaveURL(url);
});
