import { expect, test, type Page } from "@playwright/test";
import { seedReviewProject } from "./fixtures/reviewProject";
import { uniqueName } from "./helpers";

const HUMAN = 80; // ms a key, as a person types

/** The `search` of the page's URL, as the shared debounce commits it. */
const searched = (page: Page) => new URL(page.url()).searchParams.get("search");

for (const [kind, box, count] of [
  ["responses", "Search responses", "Matching responses"],
  ["pairs", "Search pairs", null],
] as const) {
  test(`the ${kind} search: typed at human speed, every letter stays in the box, the URL takes the word after a pause, and clearing it sticks`, async ({
    page,
  }) => {
    const seed = seedReviewProject(uniqueName(`Debounce ${kind}`), 160);
    await page.goto(`/projects/${seed.projectId}/${kind}`);
    const search = page.getByRole("searchbox", { name: box });
    // As a person does: the page has loaded its list before the key is pressed.
    await expect(search).toBeVisible();
    await expect(async () => {
      await page.keyboard.press("/");
      await expect(search).toBeFocused({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await page.keyboard.type("clearly", { delay: HUMAN });
    await expect(search).toHaveValue("clearly");
    await expect.poll(() => searched(page)).toBe("clearly");
    if (count)
      await expect(page.getByRole("status", { name: count })).toContainText(/^\d+ matching/);
    // More letters after the commit: the box keeps every one, the URL follows the last.
    await page.keyboard.type(" each", { delay: HUMAN });
    await expect(search).toHaveValue("clearly each");
    await expect.poll(() => searched(page)).toBe("clearly each");
    await page.screenshot({ path: test.info().outputPath(`${kind}-search.png`) });
    // Deleting everything clears the search from the URL, and nothing puts it back.
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.press("Backspace");
    await expect(search).toHaveValue("");
    await expect.poll(() => searched(page)).toBeNull();
    await page.keyboard.type("x", { delay: HUMAN });
    await expect.poll(() => searched(page)).toBe("x");
    await page.keyboard.press("Backspace");
    await expect.poll(() => searched(page)).toBeNull();
    await expect(search).toHaveValue("");
  });
}
