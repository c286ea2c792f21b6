import { fileURLToPath } from "node:url";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { createProject, uniqueName } from "./helpers";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Replaces a field's value the way a person does: click it, select all, type. */
async function typeInto(page: Page, input: Locator, value: string) {
  await input.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(value, { delay: 40 });
  await expect(input).toHaveValue(value);
}

test("a researcher turns compose on, runs, reads the conflict matrix's witness, and filters responses by number of constraints", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const url = await createProject(page, uniqueName("Compose"));
  await page.getByLabel("Import file").setInputFiles(fixture("seeds-good.txt"));
  await expect(page.getByRole("status").filter({ hasText: "Imported" })).toBeVisible();
  await page.goto(url.replace(/\/seeds$/, "/queries"));
  await page.getByLabel("Query pool file").setInputFiles(fixture("queries-small.jsonl"));
  await expect(
    page.getByRole("main").getByRole("status").filter({ hasText: "Imported" }),
  ).toContainText("Imported 9 of 10 queries");

  await page
    .getByRole("navigation", { name: "Project" })
    .getByRole("link", { name: "Settings" })
    .click();
  const augment = page.getByRole("group", { name: "1 · Augment" });
  await typeInto(page, augment.getByLabel("Instructions per call"), "10");
  await typeInto(page, augment.getByLabel("Target count"), "10");
  await typeInto(page, augment.getByLabel("Max calls"), "2");
  await typeInto(
    page,
    page
      .getByRole("group", { name: "2 · Verifier generation" })
      .getByLabel("Functions per instruction"),
    "3",
  );
  await typeInto(page, page.getByLabel("Deadline (ms)", { exact: true }), "300");
  await typeInto(page, page.getByLabel("Queries per instruction", { exact: true }), "2");
  await typeInto(page, page.getByLabel("Responses per sample", { exact: true }), "2");
  // Compose is off by default; a person ticks it and sizes it.
  const compose = page.getByRole("group", { name: "5 · Compound instructions (optional)" });
  const enabled = compose.getByLabel("Enabled", { exact: true });
  await expect(enabled).not.toBeChecked();
  await enabled.check();
  await typeInto(page, compose.getByLabel("Count", { exact: true }), "4");
  await typeInto(page, compose.getByLabel("Size weights", { exact: true }), "1");
  await typeInto(page, compose.getByLabel("Witness attempts", { exact: true }), "1");
  await page.getByRole("button", { name: "Save configuration" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  await page
    .getByRole("navigation", { name: "Project" })
    .getByRole("link", { name: "Runs" })
    .click();
  await page.getByRole("button", { name: "Start run" }).click();
  const runs = page.getByRole("table", { name: "Runs" });
  await expect(runs.locator("tbody tr").first()).toContainText("finished", { timeout: 200_000 });
  const stages = page.getByRole("table", { name: "Stage progress" });
  await expect(stages.locator("tbody tr").filter({ hasText: "compose" })).toContainText("done");

  // The conflict matrix: a heat map; a compatible cell with a witness shows the text both verifiers pass.
  await page
    .getByRole("navigation", { name: "Project" })
    .getByRole("link", { name: "Conflicts" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Conflicts" })).toBeVisible();
  const matrix = page.getByRole("table", { name: "Conflict matrix" });
  await expect(matrix).toBeVisible();
  const witnessed = matrix
    .getByRole("button", { name: /compatible: a (known text|generated answer) passes both/ })
    .first();
  await witnessed.click();
  await expect(witnessed).toHaveAttribute("aria-pressed", "true");
  const pair = page.getByRole("region", { name: "Pair" });
  await expect(pair.getByRole("heading", { level: 3, name: /^Witness/ })).toBeVisible();
  await expect(pair.getByLabel("Witness")).not.toBeEmpty();
  await page.screenshot({ path: test.info().outputPath("conflicts.png"), fullPage: true });
  // A cell the judge decided says why there is no witness.
  const judged = matrix.getByRole("button", { name: /by the judge/ });
  if ((await judged.count()) > 0) {
    await judged.first().click();
    await expect(pair.getByLabel("Why not")).toContainText("unverified");
  }

  // Compounds in the Instructions list, their constituents linked.
  await page
    .getByRole("navigation", { name: "Project" })
    .getByRole("link", { name: "Instructions" })
    .click();
  await page.getByLabel("Number of constraints").selectOption("2");
  const list = page.getByRole("listbox", { name: "Instructions" });
  await expect(list.getByRole("option").first()).toContainText("2 constraints");
  await list.getByRole("option").first().getByRole("link").first().click();
  await expect(page).toHaveURL(/[?&]i=\d+/);
  await expect(
    page
      .getByRole("region", { name: /^Instruction \d+/ })
      .getByText(/Part of compound instruction/),
  ).toBeVisible();

  // Responses filtered by number of constraints: only compound responses, each with its per-constraint outcome.
  await page
    .getByRole("navigation", { name: "Project" })
    .getByRole("link", { name: "Responses" })
    .click();
  const constraints = page.getByLabel("Constraints", { exact: true });
  await constraints.focus();
  await constraints.selectOption("2");
  await expect(page).toHaveURL(/constraints=2/);
  const responses = page.getByRole("listbox", { name: "Responses" });
  await expect(responses.getByRole("option").first()).toBeVisible();
  const count = await responses.getByRole("option").count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < Math.min(count, 5); i++)
    await expect(
      responses
        .getByRole("option")
        .nth(i)
        .getByLabel(/^constraints: [0-2] of 2 satisfied$/),
    ).toBeVisible();
  await responses.getByRole("option").first().click();
  await expect(
    page.getByRole("table", { name: "Outcome per constraint" }).locator("tbody tr"),
  ).toHaveCount(2);
  await page.screenshot({
    path: test.info().outputPath("responses-constraints.png"),
    fullPage: true,
  });
  // Atomic responses carry no per-constraint column.
  await constraints.selectOption("1");
  await expect(responses.getByRole("option").first()).toBeVisible();
  await expect(
    responses
      .getByRole("option")
      .first()
      .getByLabel(/^constraints:/),
  ).toHaveCount(0);
});
