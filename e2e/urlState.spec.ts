import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { openDatabase } from "@/db/client";
import { seedAuditProject } from "@/db/testing/auditSeed";
import { createProject, uniqueName } from "./helpers";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

test("Seeds: the search, tag filter and selected seed live in the URL and survive a reload", async ({
  page,
}) => {
  const seedsUrl = await createProject(page, uniqueName("Seeds URL"));
  await page.getByLabel("Import file").setInputFiles(fixture("seeds-good.txt"));
  await expect(page.getByRole("status").filter({ hasText: "Imported" })).toContainText(
    "Imported 3",
  );
  const table = page.getByRole("table", { name: "Seed instructions" });

  await page.getByRole("searchbox", { name: "Search seed instructions" }).click();
  await page.keyboard.type("sentence", { delay: 60 });
  await expect(page).toHaveURL(/[?&]search=sentence(&|$)/);
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await table.getByRole("button", { name: /^Select seed \d+$/ }).click();
  await expect(page).toHaveURL(/[?&]seed=\d+(&|$)/);
  await expect(table.locator("tbody tr[aria-current=true]")).toContainText("exclamation mark");

  // The link is the view: another tab (or a reload) opens the same search and selection.
  const link = page.url();
  await page.goto(seedsUrl);
  await expect(table.locator("tbody tr")).toHaveCount(3);
  await page.goto(link);
  await expect(page.getByRole("searchbox", { name: "Search seed instructions" })).toHaveValue(
    "sentence",
  );
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table.locator("tbody tr[aria-current=true]")).toContainText("exclamation mark");

  // Clearing the search takes it out of the URL; the selection stays.
  await page.getByRole("searchbox", { name: "Search seed instructions" }).click();
  for (let i = 0; i < "sentence".length; i++) await page.keyboard.press("Backspace");
  await expect(page).not.toHaveURL(/search=/);
  await expect(table.locator("tbody tr")).toHaveCount(3);
  await expect(table.locator("tbody tr[aria-current=true]")).toContainText("exclamation mark");
});

test("Instructions: status, review and error filters, the search and the open instruction live in the URL", async ({
  page,
}) => {
  const db = openDatabase(process.env.AUTOIF_E2E_DB!);
  const s = seedAuditProject(db, { name: uniqueName("Instructions URL") });
  db.$client.close();
  await page.goto(`/projects/${s.projectId}/instructions`);
  const list = page.getByRole("listbox", { name: "Instructions" });
  await expect(list.getByRole("option")).toHaveCount(1);

  await page
    .getByRole("group", { name: "Filter by status" })
    .getByRole("button", { name: /^Kept/ })
    .click();
  await expect(page).toHaveURL(/[?&]status=kept(&|$)/);
  await page.getByLabel("Review status").selectOption("unreviewed");
  await expect(page).toHaveURL(/[?&]review=unreviewed(&|$)/);
  await page.getByRole("heading", { level: 1, name: "Instructions" }).click();
  await page.keyboard.press("/");
  await expect(page.getByRole("searchbox", { name: "Search instructions" })).toBeFocused();
  await page.keyboard.type("lowercase", { delay: 60 });
  await expect(page).toHaveURL(/[?&]search=lowercase(&|$)/);
  await list.getByRole("option").first().click();
  await expect(page).toHaveURL(new RegExp(`[?&]i=${s.instructionId}(&|$)`));
  // Selecting kept the filters.
  await expect(page).toHaveURL(/status=kept/);

  await page.reload();
  await expect(
    page.getByRole("group", { name: "Filter by status" }).getByRole("button", { name: /^Kept/ }),
  ).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByLabel("Review status")).toHaveValue("unreviewed");
  await expect(page.getByRole("searchbox", { name: "Search instructions" })).toHaveValue(
    "lowercase",
  );
  await expect(
    page.getByRole("region", { name: `Instruction ${s.instructionId}`, exact: true }),
  ).toBeVisible();

  // A search that matches nothing says so, and is in the URL too.
  await page.getByRole("searchbox", { name: "Search instructions" }).click();
  await page.keyboard.type(" zebra", { delay: 60 });
  await expect(page).toHaveURL(/search=lowercase(\+|%20)zebra/);
  await expect(page.getByRole("status").filter({ hasText: "match" })).toHaveText(
    "0 instructions match",
  );
});
