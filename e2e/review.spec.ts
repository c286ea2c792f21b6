import { expect, test, type Page } from "@playwright/test";
import { seedReviewProject } from "./fixtures/reviewProject";
import { chooseReviewer, uniqueName } from "./helpers";

const row = (page: Page, id: number) =>
  page.getByRole("listbox", { name: "Responses" }).locator(`#responses-row-${id}`);
const detail = (page: Page, id: number) => page.getByRole("region", { name: `Response ${id}` });

test("a reviewer reviews with the keyboard only, and a reload shows every verdict and its history", async ({
  page,
}) => {
  const seed = seedReviewProject(uniqueName("Keys"));
  await page.goto(`/projects/${seed.projectId}/responses`);
  await chooseReviewer(page, "ada");
  const d1 = page.getByRole("region", { name: /^Response \d+$/ });
  await expect(d1).toBeVisible();
  const id1 = Number((await d1.getAttribute("aria-label"))!.split(" ")[1]);
  expect(id1).toBeGreaterThan(0);

  await page.keyboard.press("a"); // approve #1, move to #2
  await expect(detail(page, id1 + 1)).toBeVisible();
  await page.keyboard.press("f"); // focus the reason
  await page.keyboard.type("ignores the sentence count");
  await page.keyboard.press("Enter");
  await page.keyboard.press("r"); // reject #2 with the reason, move to #3
  await expect(detail(page, id1 + 2)).toBeVisible();
  await page.keyboard.press("r"); // reject #3 ...
  await expect(detail(page, id1 + 3)).toBeVisible();
  await page.keyboard.press("u"); // ... and undo it
  await expect(detail(page, id1 + 2)).toBeVisible();
  await expect(row(page, id1 + 2).locator(".badge.review-unreviewed")).toBeVisible();
  await page.keyboard.press("k");
  await expect(detail(page, id1 + 1)).toBeVisible();
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await expect(detail(page, id1 + 3)).toBeVisible();
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);

  await page.reload();
  await expect(row(page, id1).locator(".badge.review-approved")).toBeVisible();
  await expect(row(page, id1 + 1).locator(".badge.review-rejected")).toBeVisible();
  await expect(row(page, id1 + 2).locator(".badge.review-unreviewed")).toBeVisible();
  await page.keyboard.press("j");
  const history = detail(page, id1 + 1).getByRole("region", { name: "Review history" });
  await expect(history).toContainText("rejected by ada");
  await expect(history).toContainText("ignores the sentence count");
  await page.keyboard.press("j");
  const undone = detail(page, id1 + 2).getByRole("region", { name: "Review history" });
  await expect(undone.locator("li")).toHaveCount(2); // the reject and the undo: history is append-only
  await expect(undone.locator("li").first()).toContainText("cleared by ada");
});

test("bulk reject on a filter asks for confirmation with the count, then rejects exactly those", async ({
  page,
}) => {
  const seed = seedReviewProject(uniqueName("Bulk"));
  await page.goto(`/projects/${seed.projectId}/responses?pipeline=dropped&reason=score`);
  await chooseReviewer(page, "bo");
  const status = page.getByRole("status", { name: "Matching responses" });
  await expect(status).toContainText(/^\d+ matching/);
  const n = Number((await status.textContent())!.match(/^(\d+)/)![1]);
  expect(n).toBeGreaterThan(0);
  await page.getByRole("button", { name: `Reject all ${n}…` }).click();
  const dialog = page.getByRole("alertdialog", { name: `Reject ${n} responses?` });
  await expect(dialog).toContainText('drop reason "score…"');
  await dialog.getByLabel("Reason (optional)").fill("judge scores too low to trust");
  await dialog.getByRole("button", { name: `Reject ${n} responses` }).click();
  await expect(dialog).toHaveCount(0);

  await page.goto(`/projects/${seed.projectId}/responses?review=rejected`);
  await expect(status).toContainText(`${n} matching`);
  await page.goto(
    `/projects/${seed.projectId}/responses?pipeline=dropped&reason=score&review=unreviewed`,
  );
  await expect(status).toContainText("0 matching");
});

test("two reviewers in two browsers keep both histories, and the latest verdict wins", async ({
  browser,
}) => {
  const seed = seedReviewProject(uniqueName("Two"));
  const [a, b] = [await browser.newContext(), await browser.newContext()];
  const pa = await a.newPage();
  const pb = await b.newPage();
  for (const [p, name] of [
    [pa, "ada"],
    [pb, "bo"],
  ] as const) {
    await p.goto(`/projects/${seed.projectId}/responses`);
    await chooseReviewer(p, name);
  }
  const id = Number(
    (await pa.getByRole("region", { name: /^Response \d+$/ }).getAttribute("aria-label"))!.split(
      " ",
    )[1],
  );
  // Each browser reviews in turn, in front, as two people at two screens would.
  await pa.bringToFront();
  await pa.keyboard.press("a");
  await expect(detail(pa, id + 1)).toBeVisible();
  await pb.bringToFront();
  await expect(detail(pb, id)).toBeVisible();
  await pb.keyboard.press("r");
  await expect(detail(pb, id + 1)).toBeVisible();

  for (const p of [pa, pb]) {
    await p.reload();
    await expect(row(p, id).locator(".badge.review-rejected")).toBeVisible();
    const history = detail(p, id).getByRole("region", { name: "Review history" });
    await expect(history.locator("li")).toHaveCount(2);
    await expect(history.locator("li").first()).toContainText("rejected by bo");
    await expect(history.locator("li").nth(1)).toContainText("approved by ada");
  }
  // Each browser keeps its own reviewer name.
  await expect(pa.getByText("Reviewing as ada")).toBeVisible();
  await expect(pb.getByText("Reviewing as bo")).toBeVisible();
  await a.close();
  await b.close();
});

test("a pair shows chosen and rejected with a word diff, and swap exchanges them", async ({
  page,
}) => {
  const seed = seedReviewProject(uniqueName("Pairs"));
  await page.goto(`/projects/${seed.projectId}/pairs`);
  await chooseReviewer(page, "ada");
  const pair = page.getByRole("region", { name: /^Pair \d+$/ });
  await expect(pair.getByRole("region", { name: "Review history" })).toBeVisible();
  const chosenHeading = pair.getByRole("region", { name: "Chosen" }).getByRole("heading");
  const rejectedHeading = pair.getByRole("region", { name: "Rejected" }).getByRole("heading");
  const before = [await chosenHeading.textContent(), await rejectedHeading.textContent()];
  await expect(pair.locator("mark.diff-added").first()).toBeVisible();
  await page.bringToFront();
  await page.keyboard.press("s");
  await expect(chosenHeading).toHaveText(before[1]!.replace("Rejected", "Chosen"));
  await expect(rejectedHeading).toHaveText(before[0]!.replace("Chosen", "Rejected"));
  await expect(pair.getByRole("region", { name: "Review history" })).toContainText("swapped");
});

test("on Pairs, r then u brings the cursor back to the undone pair, unreviewed again", async ({
  page,
}) => {
  const seed = seedReviewProject(uniqueName("PairUndo"), 400);
  await page.goto(`/projects/${seed.projectId}/pairs`);
  await chooseReviewer(page, "ada");
  const pair = page.getByRole("region", { name: /^Pair \d+$/ });
  await expect(pair.getByRole("region", { name: "Review history" })).toBeVisible();
  const first = (await pair.getAttribute("aria-label"))!;
  await page.bringToFront();
  await page.keyboard.press("r");
  await expect(pair).not.toHaveAttribute("aria-label", first);
  const selected = page
    .getByRole("listbox", { name: "Pairs" })
    .getByRole("option", { selected: true });
  await page.keyboard.press("u");
  await expect(pair).toHaveAttribute("aria-label", first);
  await expect(selected.locator(".badge.review-unreviewed")).toBeVisible();
  await expect(
    pair.getByRole("region", { name: "Review history" }).locator("li").first(),
  ).toContainText("cleared by ada");
});
