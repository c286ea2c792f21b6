import { expect, test, type Page } from "@playwright/test";
import { seedReviewProject } from "./fixtures/reviewProject";
import { chooseReviewer, uniqueName } from "./helpers";

const toast = (page: Page) => page.getByRole("status", { name: "Last verdict" });
const progress = (page: Page, kind: string) =>
  page.getByRole("status", { name: `Review progress of ${kind}` });

test("every verdict shows a toast with Undo; Undo from the keyboard and u both take it back; progress and stats follow", async ({
  page,
}) => {
  const seed = seedReviewProject(uniqueName("Toast"));
  await page.goto(`/projects/${seed.projectId}/responses`);
  await chooseReviewer(page, "ada");
  const detail = page.getByRole("region", { name: /^Response \d+$/ });
  const first = (await detail.getAttribute("aria-label"))!;
  await expect(progress(page, "responses")).toHaveText(`Reviewed 0 of ${seed.responses} responses`);

  await page.keyboard.press("r");
  await expect(toast(page)).toContainText(/^Rejected response #\d+\./);
  await expect(progress(page, "responses")).toHaveText(`Reviewed 1 of ${seed.responses} responses`);
  // F8 takes the keyboard to the toast's Undo button; Tab goes on to Dismiss and back.
  await page.keyboard.press("F8");
  await expect(toast(page).getByRole("button", { name: /^Undo/ })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(toast(page).getByRole("button", { name: "Dismiss" })).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(toast(page).getByRole("button", { name: /^Undo/ })).toBeFocused();
  await page.screenshot({ path: test.info().outputPath("toast.png") });
  await page.keyboard.press("Enter");
  await expect(toast(page)).toContainText(/^Undone: rejected response #\d+\./);
  await expect(detail).toHaveAttribute("aria-label", first);
  await expect(progress(page, "responses")).toHaveText(`Reviewed 0 of ${seed.responses} responses`);
  await expect(
    detail.getByRole("region", { name: "Review history" }).locator("li").first(),
  ).toContainText("cleared by ada");

  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("a");
  await expect(toast(page)).toContainText(/^Approved response #\d+\./);
  await page.keyboard.press("a");
  await expect(progress(page, "responses")).toHaveText(`Reviewed 2 of ${seed.responses} responses`);
  await page.keyboard.press("u");
  await expect(progress(page, "responses")).toHaveText(`Reviewed 1 of ${seed.responses} responses`);

  await page.getByText("Review stats").click();
  const stats = page.getByRole("table", { name: "Verdicts per reviewer" });
  await expect(stats.getByRole("row", { name: /ada/ })).toContainText(/ada\s*2\s*1\s*0\s*2/); // approved 2, rejected 1, cleared 0, undone 2
});

test("a bulk reject says what leaves the default export first, and u undoes the whole bulk", async ({
  page,
}) => {
  const seed = seedReviewProject(uniqueName("BulkUndo"), 160);
  await page.goto(`/projects/${seed.projectId}/responses?pipeline=kept`);
  await chooseReviewer(page, "bo");
  const status = page.getByRole("status", { name: "Matching responses" });
  await expect(status).toContainText(/^\d+ matching/);
  const n = Number((await status.textContent())!.match(/^(\d+)/)![1]);
  expect(n).toBeGreaterThan(1);
  await page.getByRole("button", { name: `Reject all ${n}…` }).focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("alertdialog", { name: `Reject ${n} responses?` });
  // Every kept response of the seeded project is in the default SFT export (its instructions are kept).
  await expect(dialog.getByRole("status", { name: "Export impact" })).toHaveText(
    new RegExp(
      `^This removes \\d+ of \\d+ DPO pairs? and ${n} of ${n} SFT examples from the default export\\.$`,
    ),
  );
  await page.screenshot({ path: test.info().outputPath("bulk-impact.png") });
  await dialog.getByRole("button", { name: `Reject ${n} responses` }).click();
  await expect(dialog).toHaveCount(0);
  await expect(toast(page)).toContainText(`Rejected ${n} responses.`);
  await expect(progress(page, "responses")).toHaveText(
    `Reviewed ${n} of ${seed.responses} responses`,
  );
  await expect(
    page
      .getByRole("listbox", { name: "Responses" })
      .getByRole("option")
      .first()
      .locator(".badge.review-rejected"),
  ).toBeVisible();

  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("u");
  await expect(toast(page)).toContainText(`Undone: rejected ${n} responses.`);
  await expect(progress(page, "responses")).toHaveText(`Reviewed 0 of ${seed.responses} responses`);
  await expect(
    page
      .getByRole("listbox", { name: "Responses" })
      .getByRole("option")
      .first()
      .locator(".badge.review-unreviewed"),
  ).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("bulk-undone.png") });
  await page.goto(`/projects/${seed.projectId}/responses?review=rejected`);
  await expect(status).toContainText("0 matching");
});
