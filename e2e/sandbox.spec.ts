import { expect, test, type Page } from "@playwright/test";
import { HOSTILE_VERIFIERS, KNOWN_GOOD, SYNTAX_ERROR } from "./fixtures/hostileVerifiers";
import { editorState, hostOf, pasteCode } from "./monaco";

// Short deadline so a time-out costs 300 ms + 250 ms grace, not a second.
const DEADLINE_MS = 300;

const status = (page: Page) => page.getByRole("main").getByRole("status");
const outcome = (page: Page, n: number) =>
  page
    .getByRole("row", { name: `Response ${n}`, exact: true })
    .getByRole("cell")
    .nth(2);
const runButton = (page: Page) => page.getByRole("button", { name: "Run in browser sandbox" });
// The code editor (Monaco): hostile code is pasted in, as one pastes a verifier from elsewhere.
const code = (page: Page) => hostOf(page.getByRole("textbox", { name: "Verifier code" }));

/** Opens the playground and fails the test on any page error or console error from the app. */
async function openPlayground(page: Page, deadlineMs?: number) {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on("console", (message) => {
    // The studio has no favicon yet; Chromium's own request for it is not the app's doing.
    const url = message.location().url;
    if (message.type() === "error" && !url.endsWith("/favicon.ico"))
      problems.push(`console error: ${message.text()} at ${url}`);
  });
  await page.goto("/playground");
  await expect(page.getByRole("heading", { name: "Verifier playground" })).toBeVisible();
  if (deadlineMs !== undefined) await page.getByLabel("Deadline (ms)").fill(String(deadlineMs));
  return problems;
}

async function run(page: Page, source?: string) {
  if (source !== undefined) await pasteCode(page, code(page), source);
  await runButton(page).click();
  await expect(status(page)).toHaveText(/^(Done|The verifier did not compile)/, {
    timeout: 20_000,
  });
}

async function expectVerdicts(page: Page, verdicts: readonly string[]) {
  for (const [i, verdict] of verdicts.entries()) {
    await expect(outcome(page, i + 1)).toHaveText(new RegExp(`^${verdict}`));
  }
}

/** After anything hostile, the same page must still judge a good verifier correctly. */
async function expectKnownGoodStillWorks(page: Page) {
  await run(page, KNOWN_GOOD.source);
  await expectVerdicts(page, KNOWN_GOOD.verdicts);
}

test("the example verifier runs in the browser sandbox and shows pass and fail", async ({
  page,
}) => {
  const problems = await openPlayground(page);
  await expect(
    page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Verifier playground" }),
  ).toBeVisible();
  await expect(page.getByText("3 responses", { exact: true })).toBeVisible();
  await run(page);
  await expect(status(page)).toHaveText("Done: 3 responses: 2 pass, 1 fail, 0 error");
  await expectVerdicts(page, ["pass", "fail", "pass"]);
  await expect(
    page.getByRole("row", { name: "Response 1", exact: true }).getByRole("cell").nth(3),
  ).toHaveText(/^(< )?\d[\d.,]* ms$/);

  // The second example loads without asking (nothing was edited) and judges word counts.
  await page.getByRole("button", { name: "At most 20 words" }).click();
  await run(page);
  await expectVerdicts(page, ["pass", "fail", "pass"]);

  // Loading an example over edits asks first and names what it replaces.
  await pasteCode(page, code(page), KNOWN_GOOD.source);
  await page.getByRole("button", { name: "All lowercase" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText('replaced by the example "All lowercase"');
  await dialog.getByRole("button", { name: "Replace with example" }).click();
  await expect
    .poll(async () => (await editorState(code(page))).text)
    .toMatch(/hasLetters[^]*toLowerCase/);
  expect(problems).toEqual([]);
});

test("the engine is served from node_modules as wasm with a long cache", async ({
  page,
  request,
}) => {
  await openPlayground(page);
  const response = await request.get("/api/sandbox/quickjs.wasm");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/wasm");
  expect(response.headers()["cache-control"]).toContain("immutable");
  expect((await response.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
});

test("an endless loop times out per response while the page stays responsive, and Stop ends a run", async ({
  page,
}) => {
  const problems = await openPlayground(page, DEADLINE_MS);
  const responses = page.getByLabel("Responses");
  await responses.fill(["one", "two", "three", "four", "five", "six"].join("\n---\n"));
  await pasteCode(page, code(page), HOSTILE_VERIFIERS[0]!.source);
  await runButton(page).click();
  await expect(status(page)).toHaveText(/^Done: 6 responses/, { timeout: 15_000 });
  for (const n of [1, 2, 3, 4, 5, 6]) await expect(outcome(page, n)).toHaveText(/^error\s*timeout/);

  // The main thread is free: typing into a field updates the page while the worker spins. The
  // deadline is long (7 x 5 s), so the run is still going however slowly the machine types.
  await page.getByLabel("Deadline (ms)").fill("5000");
  await runButton(page).click();
  await expect(status(page)).toHaveText(/^Running/);
  await responses.press("ControlOrMeta+End");
  await responses.pressSequentially("\n---\nseven");
  await expect(page.getByText("7 responses", { exact: true })).toBeVisible();
  await expect(status(page)).toHaveText(/^Running/);

  // Stop ends a long run at once; the next run starts a fresh worker.
  await page.getByRole("button", { name: "Stop" }).click();
  // However slow the machine, the last of 6 x 5 s was not reached.
  await expect(status(page)).toHaveText(/^Stopped after [0-5] of 6 responses/);
  await expect(outcome(page, 6)).toHaveText("not run (stopped)");
  await responses.fill("all lowercase here\n---\nNot This One\n---\nfine.");
  await expectKnownGoodStillWorks(page);
  expect(problems).toEqual([]);
});

test("a syntax error is shown with its line and column, and nothing runs", async ({ page }) => {
  const problems = await openPlayground(page, DEADLINE_MS);
  await run(page, SYNTAX_ERROR.source);
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText(
    new RegExp(`Compile error at line ${SYNTAX_ERROR.line}, column \\d+`),
  );
  await expect(alert.getByLabel(`Line ${SYNTAX_ERROR.line} of the verifier`)).toContainText(
    "return response.length > ;",
  );
  await expect(page.getByRole("table", { name: "Outcomes" })).toHaveCount(0);
  await expectKnownGoodStillWorks(page);
  await expect(alert).toHaveCount(0);
  expect(problems).toEqual([]);
});

for (const hostile of HOSTILE_VERIFIERS) {
  test(`hostile verifier: ${hostile.label} ends as ${hostile.kinds.join(" or ")} and a good verifier still works`, async ({
    page,
  }) => {
    const problems = await openPlayground(page, DEADLINE_MS);
    await run(page, hostile.source);
    for (const n of [1, 2, 3]) {
      const cell = outcome(page, n);
      await expect(cell).toHaveText(new RegExp(`^error\\s*(${hostile.kinds.join("|")})`));
      if (hostile.message) await expect(cell).toContainText(hostile.message);
    }
    await expectKnownGoodStillWorks(page);
    expect(problems).toEqual([]);
  });
}
