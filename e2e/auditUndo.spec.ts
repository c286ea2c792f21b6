import { expect, test, type Page } from "@playwright/test";
import { openDatabase } from "@/db/client";
import { seedAuditProject } from "@/db/testing/auditSeed";
import { uniqueName } from "./helpers";

const toast = (page: Page) => page.getByRole("status", { name: "Last verdict" });
const HUMAN = 70; // ms a key, as a person types

function fresh() {
  const db = openDatabase(process.env.AUTOIF_E2E_DB!);
  try {
    return seedAuditProject(db, { name: uniqueName("Audit undo") });
  } finally {
    db.$client.close();
  }
}

async function open(page: Page, s: ReturnType<typeof fresh>) {
  await page.goto("/");
  await page.evaluate(() => localStorage.setItem("autoif.reviewer", "ada"));
  await page.goto(`/projects/${s.projectId}/instructions?i=${s.instructionId}`);
  const detail = page.getByRole("region", { name: `Instruction ${s.instructionId}`, exact: true });
  await expect(detail.getByRole("heading", { name: /^Verifiers/ })).toBeVisible();
  return detail;
}
const toBody = (page: Page) =>
  page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

test("instruction verdicts on the audit page: the toast with Undo, u undoes the latest, twice goes back two", async ({
  page,
}) => {
  const s = fresh();
  const detail = await open(page, s);
  const instructionBadge = detail.locator(
    ":scope > p .badge.review-approved, :scope > p .badge.review-rejected",
  );
  const selected = page
    .getByRole("listbox", { name: "Instructions" })
    .getByRole("option", { selected: true });

  await detail.getByRole("textbox", { name: "Reason for the verdict on instruction" }).click();
  await page.keyboard.type("checkable", { delay: HUMAN });
  await toBody(page);
  await page.keyboard.press("a");
  await expect(toast(page)).toContainText("Approved instruction #1.");
  await expect(detail.locator(":scope > p .badge.review-approved")).toBeVisible();
  await page.keyboard.press("r");
  await expect(toast(page)).toContainText("Rejected instruction #1.");
  await expect(detail.locator(":scope > p .badge.review-rejected")).toBeVisible();
  await expect(selected).toContainText("rejected");
  await page.screenshot({ path: test.info().outputPath("audit-toast.png") });

  await page.keyboard.press("u");
  await expect(toast(page)).toContainText("Undone: rejected instruction #1.");
  await expect(detail.locator(":scope > p .badge.review-approved")).toBeVisible();
  await page.keyboard.press("u");
  await expect(toast(page)).toContainText("Undone: approved instruction #1.");
  await expect(instructionBadge).toHaveCount(0);
  await expect(selected).not.toContainText("approved");
  // Nothing left to undo: u does nothing more, the toast offers no Undo.
  await expect(toast(page).getByRole("button", { name: /^Undo/ })).toHaveCount(0);
  await page.keyboard.press("u");
  await expect(page.locator(".alert.error")).toHaveCount(0);
  await expect(instructionBadge).toHaveCount(0);
});

test("a verifier verdict by its button: the toast's Undo from the keyboard takes it back", async ({
  page,
}) => {
  const s = fresh();
  const detail = await open(page, s);
  const panel = detail.getByRole("region", { name: /^Verifier #\d+$/ }).first();
  const label = (await panel.getAttribute("aria-label"))!.replace("Verifier", "verifier");
  await panel.getByRole("button", { name: "Reject verifier" }).click();
  await expect(toast(page)).toContainText(`Rejected ${label}.`);
  await expect(panel.locator(".badge.review-rejected")).toBeVisible();
  await toBody(page);
  await page.keyboard.press("F8");
  await expect(toast(page).getByRole("button", { name: /^Undo/ })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(toast(page)).toContainText(`Undone: rejected ${label}.`);
  await expect(panel.locator(".badge.review-rejected")).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath("audit-verifier-undone.png") });
});

test("undo after another tab changed the instruction keeps that tab's verdict and says why", async ({
  page,
  context,
}) => {
  const s = fresh();
  await open(page, s);
  await toBody(page);
  await page.keyboard.press("r");
  await expect(toast(page)).toContainText("Rejected instruction #1.");

  const other = await context.newPage();
  const otherDetail = await open(other, s);
  await toBody(other);
  await other.keyboard.press("a");
  await expect(otherDetail.locator(":scope > p .badge.review-approved")).toBeVisible();

  await page.bringToFront();
  await toBody(page);
  await page.keyboard.press("u");
  await expect(page.getByRole("alert").filter({ hasText: "Nothing to undo" })).toBeVisible();
  await page.reload();
  const detail = page.getByRole("region", { name: `Instruction ${s.instructionId}`, exact: true });
  await expect(detail.locator(":scope > p .badge.review-approved")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("audit-undo-conflict.png") });
});
