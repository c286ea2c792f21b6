import { expect, test, type Locator, type Page } from "@playwright/test";
import { openDatabase } from "@/db/client";
import { AUDIT_VERIFIERS, seedAuditProject } from "@/db/testing/auditSeed";
import { uniqueName } from "./helpers";
import { expectEditor } from "./monaco";

// Python verifiers in the studio, used as a person uses them: read in Monaco, typed into one key
// at a time, compiled and run in the browser's Pyodide worker, saved as versions. Pyodide loads
// in seconds (far more on a loaded machine), so the first Python result gets a long expect.

const HUMAN = 90;
const PYODIDE_LOAD = { timeout: 120_000 };

/** A mixed project: verifiers 0 and 2 in Python, verifier 1 in JavaScript. */
function seed() {
  const db = openDatabase(process.env.AUTOIF_E2E_DB!);
  try {
    return seedAuditProject(db, { name: uniqueName("Python audit"), python: [0, 2] });
  } finally {
    db.$client.close();
  }
}

async function openAudit(page: Page, s: ReturnType<typeof seed>) {
  await page.goto("/");
  await page.evaluate(() => localStorage.setItem("autoif.reviewer", "e2e"));
  await page.goto(`/projects/${s.projectId}/instructions?i=${s.instructionId}`);
  const detail = page.getByRole("region", { name: `Instruction ${s.instructionId}`, exact: true });
  await expect(detail.getByRole("heading", { name: /^Verifiers/ })).toBeVisible();
  return detail;
}

/** The Monaco token classes of the rendered words in `host`: highlighting gives keywords a class of their own. */
async function tokenClasses(host: Locator): Promise<Record<string, string>> {
  return host.locator(".view-lines").evaluate((el) => {
    const out: Record<string, string> = {};
    for (const span of el.querySelectorAll("span[class^='mtk']"))
      out[(span.textContent ?? "").trim()] ??= span.className;
    return out;
  });
}

test.describe.configure({ timeout: 300_000 });

test("read Python verifiers highlighted beside JavaScript, type a syntax error and see its marker, fix it, run in the browser, save version 2 and see the diff", async ({
  page,
}) => {
  const s = seed();
  const detail = await openAudit(page, s);
  const panel = detail.getByRole("region", {
    name: `Verifier #${s.verifierNumbers[0]}`,
    exact: true,
  });
  const host = panel.locator(".monaco-host");
  await expect(panel.locator(".badge.language-python")).toHaveText("Python");
  await expect(
    detail
      .getByRole("region", { name: `Verifier #${s.verifierNumbers[1]}`, exact: true })
      .locator(".badge.language-javascript"),
  ).toHaveText("JavaScript");
  await expect(host).toHaveAttribute("data-language", "python");
  await expect(panel.locator(".monaco-editor")).toContainText("def evaluate(response):");
  // Highlighted as Python: `def` and `return` are keywords, `evaluate` is not.
  await expect
    .poll(async () => {
      const t = await tokenClasses(host);
      return t.def !== undefined && t.def === t.return && t.def !== t["evaluate"];
    })
    .toBe(true);

  await panel.getByRole("button", { name: "Run in browser" }).click();
  await expect(panel.getByRole("status")).toContainText("5/5 kept cases right", PYODIDE_LOAD);

  await panel.getByRole("button", { name: "Edit" }).click();
  await expect(host).toHaveAttribute("data-readonly", "false");
  await host.locator(".monaco-editor .view-lines").click();
  // The end of line 2, `return response == response.lower()`, from the keyboard.
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("End");
  await page.keyboard.type(" and", { delay: HUMAN });
  await expectEditor(host, `${AUDIT_VERIFIERS[0].python.replace("lower()\n", "lower() and\n")}`);
  const marker = panel.getByRole("alert").filter({ hasText: "Compile error at line 2" });
  await expect(marker).toBeVisible(PYODIDE_LOAD);
  await expect(marker).toContainText("SyntaxError");
  await expect(panel.locator(".monaco-editor .squiggly-error")).toHaveCount(1);

  // Monaco closes the bracket as it is typed; typing `)` steps over the one it inserted.
  await page.keyboard.type(" len(response) < 10", { delay: HUMAN });
  const fixed = AUDIT_VERIFIERS[0].python.replace("lower()\n", "lower() and len(response) < 10\n");
  await expectEditor(host, fixed);
  await expect(panel.getByRole("alert").filter({ hasText: "Compile error" })).toHaveCount(0);
  await expect(panel.locator(".monaco-editor .squiggly-error")).toHaveCount(0);
  await panel.getByRole("button", { name: "Run in browser" }).click();
  await expect(panel.getByRole("status")).toContainText("3/5 kept cases right", PYODIDE_LOAD);
  await expect(panel.getByRole("status")).toContainText("edited code, not saved");
  await page.screenshot({ path: test.info().outputPath("python-edit.png"), fullPage: false });

  await panel.getByRole("button", { name: "Save as new version" }).click();
  await expect(detail.getByRole("region", { name: "What changed" })).toContainText(
    "as version 2",
    PYODIDE_LOAD,
  );

  await page.reload();
  const v2 = page
    .getByRole("region", { name: /^Verifier #\d+$/ })
    .filter({ hasText: "version 2 by e2e" });
  await expect(v2.locator(".badge.language-python")).toHaveText("Python");
  await expect(v2.locator(".monaco-editor")).toContainText("len(response) < 10");
  await v2.getByRole("button", { name: /^History/ }).click();
  const versions = v2.getByRole("table", { name: /^Versions of verifier/ });
  await expect(versions.locator("tbody tr")).toHaveCount(2);
  await expect(versions.locator("tbody tr").first()).toContainText("Python");
  const diff = v2.getByRole("region", { name: "Diff of version 1 and version 2" });
  await expect(diff.locator(".monaco-diff-editor")).toBeVisible();
  await expect(diff).toContainText("len(response)");
  await page.screenshot({ path: test.info().outputPath("python-diff.png"), fullPage: false });
});

test("switch a verifier's language mid-edit: JavaScript read as Python does not compile, switching back clears the marker, and a save keeps the language chosen", async ({
  page,
}) => {
  const s = seed();
  const detail = await openAudit(page, s);
  const panel = detail.getByRole("region", {
    name: `Verifier #${s.verifierNumbers[1]}`,
    exact: true,
  });
  const host = panel.locator(".monaco-host");
  await expect(host).toHaveAttribute("data-language", "javascript");
  await panel.getByRole("button", { name: "Edit" }).click();
  const language = panel.getByRole("combobox", {
    name: `Language of verifier #${s.verifierNumbers[1]}`,
  });
  await expect(language).toHaveValue("javascript");
  await language.selectOption("python");
  await expect(host).toHaveAttribute("data-language", "python");
  await expect(
    panel.getByRole("alert").filter({ hasText: "Compile error at line 1" }),
  ).toContainText("SyntaxError", PYODIDE_LOAD);

  await language.selectOption("javascript");
  await expect(host).toHaveAttribute("data-language", "javascript");
  await expect(panel.getByRole("alert").filter({ hasText: "Compile error" })).toHaveCount(0);

  // Rewrite it in Python by typing, then save it as Python: version 2 is Python, version 1 stays JavaScript.
  await language.selectOption("python");
  await host.locator(".monaco-editor .view-lines").click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.type(
    "import re\n\ndef evaluate(response):\nreturn re.search(r'[A-Z]', response) is None",
    { delay: 30 },
  );
  // Monaco indents after the `:` line and closes brackets and quotes as they are typed.
  await expectEditor(
    host,
    "import re\n\ndef evaluate(response):\n    return re.search(r'[A-Z]', response) is None",
  );
  await expect(panel.getByRole("alert").filter({ hasText: "Compile error" })).toHaveCount(0);
  await panel.getByRole("button", { name: "Run in browser" }).click();
  await expect(panel.getByRole("status")).toContainText("5/5 kept cases right", PYODIDE_LOAD);
  await panel.getByRole("button", { name: "Save as new version" }).click();
  await expect(detail.getByRole("region", { name: "What changed" })).toContainText(
    "as version 2",
    PYODIDE_LOAD,
  );
  const v2 = detail
    .getByRole("region", { name: /^Verifier #\d+$/ })
    .filter({ hasText: "version 2 by e2e" });
  await expect(v2.locator(".badge.language-python")).toHaveText("Python");
  await v2.getByRole("button", { name: /^History/ }).click();
  await expect(v2.getByText("the language changed: JavaScript → Python")).toBeVisible();
});

test("the playground offers both languages: the switch lives in the URL, the example follows it, Python runs in the browser", async ({
  page,
}) => {
  await page.goto("/playground?language=python");
  const host = page.locator(".monaco-host");
  await expect(
    page.getByRole("group", { name: "Language" }).getByRole("button", { name: "Python" }),
  ).toHaveAttribute("aria-pressed", "true");
  await expect(host).toHaveAttribute("data-language", "python");
  await expect(page.locator(".monaco-editor")).toContainText("def evaluate(response):");
  await page.getByRole("button", { name: "Run in browser sandbox" }).click();
  // The Python example decides as the JavaScript one: two lowercase answers pass, "Sure! The..." fails.
  await expect(page.getByText("Done: 3 responses: 2 pass, 1 fail, 0 error")).toBeVisible(
    PYODIDE_LOAD,
  );
  await expect(page.getByRole("row", { name: "Response 2" })).toContainText("fail");

  // A syntax error typed into the Python example is a located compile error.
  await host.locator(".monaco-editor .view-lines").click();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type("def broken(:", { delay: HUMAN });
  await page.getByRole("button", { name: "Run in browser sandbox" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText(
    /Compile error at line \d+, column \d+ \(Python\): .*SyntaxError/,
  );

  // Edited code stays when the language changes (it is compiled as JavaScript next); the URL follows.
  await page
    .getByRole("group", { name: "Language" })
    .getByRole("button", { name: "JavaScript" })
    .click();
  await expect(page).toHaveURL(/\/playground\?language=javascript$/);
  await expect(host).toHaveAttribute("data-language", "javascript");
  await expect(page.locator(".monaco-editor")).toContainText("def broken(:");
  await expect(
    page.getByRole("main").getByRole("alert").filter({ hasText: "Compile error" }),
  ).toHaveCount(0);
  // Loading an example in this language replaces it (after asking), and the other example set follows the switch.
  await page.getByRole("button", { name: "All lowercase" }).click();
  await page.getByRole("button", { name: "Replace with example" }).click();
  await expect(page.locator(".monaco-editor")).toContainText("function evaluate(response)");
  await page
    .getByRole("group", { name: "Language" })
    .getByRole("button", { name: "Python" })
    .click();
  await expect(page.locator(".monaco-editor")).toContainText("def evaluate(response):");
  await expect(page).toHaveURL(/\/playground\?language=python$/);

  // An unknown language in the URL reads as JavaScript.
  await page.goto("/playground?language=ruby");
  await expect(
    page.getByRole("group", { name: "Language" }).getByRole("button", { name: "JavaScript" }),
  ).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator(".monaco-editor")).toContainText("function evaluate(response)");
  await page.screenshot({ path: test.info().outputPath("playground.png"), fullPage: false });
});
