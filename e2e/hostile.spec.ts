import { expect, test, type Page } from "@playwright/test";
import { HOSTILE_TEXTS, HOSTILE_VERIFIER_SOURCE } from "./fixtures/hostileDataset";
import { plantHostileProject } from "./fixtures/plantHostileProject";
import { hostOf, pasteCode } from "./monaco";
import { guardPage } from "./pageGuards";

// Big pages (a megabyte of text, many times over) take a while to render.
test.setTimeout(120_000);

let projectId: number;
test.beforeAll(() => {
  projectId = plantHostileProject(process.env.AUTOIF_E2E_DB!);
});

/** Short hostile texts (the long ones are checked by their ends) are on the page literally. */
async function expectShownLiterally(page: Page, keys: (keyof typeof HOSTILE_TEXTS)[]) {
  const text = await page.locator("main").innerText();
  for (const key of keys) {
    const literal = HOSTILE_TEXTS[key].replace(/\u0000/g, "");
    // innerText drops zero-width and bidi controls from nothing: compare their visible neighbours.
    const probe = literal.replace(/[\u200B\u200D\u2060\uFEFF\u202E\u202C]/g, "").slice(0, 40);
    expect(
      text.replace(/[\u200B\u200D\u2060\uFEFF\u202E\u202C\u0000]/g, ""),
      `${key} shown as text`,
    ).toContain(probe);
  }
}

const SHORT_KEYS = [
  "imgOnerror",
  "scriptClose",
  "svgOnload",
  "javascriptUrl",
  "entityJavascriptUrl",
  "anchor",
  "markdownImage",
  "markdownLink",
  "remoteStyle",
  "iframe",
] as const;

test("hostile seeds, project name and tags are shown as text on the projects and seeds pages", async ({
  page,
  baseURL,
}) => {
  const guard = await guardPage(page, baseURL!);
  await page.goto("/");
  await expect(page.getByRole("link", { name: /^Hostile <img src=x onerror=/ })).toBeVisible();
  await guard.expectClean("projects list");
  await page.goto(`/projects/${projectId}/seeds`);
  await expect(page.getByRole("status").filter({ hasText: "seed instructions" })).toHaveText(
    `${Object.keys(HOSTILE_TEXTS).length} seed instructions`,
  );
  await expectShownLiterally(page, [...SHORT_KEYS]);
  await expect(page.locator("main")).toContainText("Megabyte end.");
  await expect(page.locator(".sidebar .project-name")).toContainText(
    `</script><script>window.__xss='n2'</script>`,
  );
  await guard.expectClean("seeds page");
  // The editor holds the same text, still inert.
  await page
    .getByRole("button", { name: /^Edit / })
    .first()
    .click();
  await guard.expectClean("seed editor");
});

// Pages whose list is a listbox of items with a detail pane: open every item, then check the page.
for (const [section, heading] of [
  ["instructions", "Instructions"],
  ["responses", "Responses"],
  ["pairs", "Pairs"],
] as const) {
  test(`hostile ${section}: every item's list row and detail (diffs, outcomes, reasons, code) are shown as text`, async ({
    page,
    baseURL,
  }) => {
    const guard = await guardPage(page, baseURL!);
    await page.goto(`/projects/${projectId}/${section}`);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    const list = page.getByRole("listbox").first();
    await expect(list.getByRole("option").first()).toBeVisible({ timeout: 20_000 });
    await expect(page.locator("main")).toContainText("<img src=x onerror=");
    // The list is virtualized: open the first item, then walk to every other one with j.
    const n = Object.keys(HOSTILE_TEXTS).length;
    const items = section === "responses" ? 2 * n : n; // two responses a sample, one pair
    await list.getByRole("option").first().click();
    const selected = list.locator('[aria-selected="true"]');
    let current = await selected.getAttribute("id");
    // Each j moves the selection to the next item: wait for that, not for a time.
    for (let i = 1; i < items; i++) {
      await page.keyboard.press("j");
      await expect(selected).not.toHaveAttribute("id", current ?? "");
      current = await selected.getAttribute("id");
    }
    expect(current).toMatch(/-row-\d+$/);
    // The last item's detail is on screen and done loading: its history, and every code view
    // (Monaco, diffs) mounted its editor, before the page is checked.
    const number = /-row-(\d+)$/.exec(current ?? "")![1];
    const detail =
      section === "instructions"
        ? page.getByRole("region", { name: /^Instruction \d+/ })
        : page.getByRole("region", {
            name: `${section === "responses" ? "Response" : "Pair"} ${number}`,
            exact: true,
          });
    // A megabyte-text detail takes long to load on a busy machine: a long wait for a real condition.
    await expect(detail).toBeVisible({ timeout: 60_000 });
    await expect(detail.getByText("Loading…")).toHaveCount(0);
    for (const host of await detail.locator(".monaco-host").all())
      await expect(host.locator(".monaco-editor").first()).toBeAttached();
    await guard.expectClean(`${section} list and details`);
  });
}

test("hostile queries and the export page (counts, history) are shown as text", async ({
  page,
  baseURL,
}) => {
  const guard = await guardPage(page, baseURL!);
  await page.goto(`/projects/${projectId}/queries`);
  await expect(page.getByRole("heading", { level: 1, name: "Queries" })).toBeVisible();
  // The hostile queries are listed (the page has loaded them), as text.
  await expect(
    page.getByRole("table", { name: "Queries" }).locator("tbody tr").first(),
  ).toBeVisible();
  await expect(page.locator("main")).toContainText("<img src=x onerror=");
  await guard.expectClean("queries");
  await page.goto(`/projects/${projectId}/export`);
  await expect(page.getByRole("heading", { level: 1, name: "Export" })).toBeVisible();
  // The counts after each filter and the (empty) history have come from the server.
  await expect(
    page.getByRole("table", { name: "Rows after each filter" }).first().locator("tbody tr").first(),
  ).toBeVisible();
  await expect(page.getByText("No exports yet.")).toBeVisible();
  await guard.expectClean("export");
});

test("a failed run's error, failed units and raw output are shown as text", async ({
  page,
  baseURL,
}) => {
  const guard = await guardPage(page, baseURL!);
  await page.goto(`/projects/${projectId}/runs`);
  await expect(page.getByRole("heading", { level: 1, name: "Runs" })).toBeVisible();
  await page
    .locator("main")
    .getByRole("button", { name: /^#\d+$/ })
    .first()
    .click();
  await expect(page.locator("main")).toContainText(`${HOSTILE_TEXTS.remoteStyle} imgOnerror`);
  for (const summary of await page.locator("main details > summary").all()) await summary.click();
  await expect(page.locator("main")).toContainText("Megabyte end.");
  await expectShownLiterally(page, [...SHORT_KEYS]);
  await guard.expectClean("run detail with raw output");
});

test("settings and the playground show hostile names and code as text", async ({
  page,
  baseURL,
}) => {
  const guard = await guardPage(page, baseURL!);
  await page.goto(`/projects/${projectId}/settings`);
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await guard.expectClean("settings");
  await page.goto("/playground");
  const code = hostOf(page.getByRole("textbox", { name: "Verifier code" }));
  await pasteCode(page, code, HOSTILE_VERIFIER_SOURCE);
  await page.getByLabel("Responses").fill(
    Object.values(HOSTILE_TEXTS)
      .filter((t) => t.length < 10_000)
      .join("\n---\n"),
  );
  await page.getByRole("button", { name: "Run in browser sandbox" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText(/^Done: \d+ responses/, {
    timeout: 30_000,
  });
  await expect(page.getByRole("table", { name: "Outcomes" })).toContainText(
    HOSTILE_TEXTS.imgOnerror,
  );
  // A verifier that fails to compile puts its hostile source in the error message.
  await pasteCode(page, code, `${HOSTILE_TEXTS.scriptClose}\n${HOSTILE_TEXTS.imgOnerror}`);
  await page.getByRole("button", { name: "Run in browser sandbox" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText(
    /^The verifier did not compile/,
    { timeout: 30_000 },
  );
  await guard.expectClean("playground with hostile code and responses");
});
