import { expect, test, type Locator, type Page } from "@playwright/test";
import { openDatabase } from "@/db/client";
import { instructions } from "@/db/schema";
import { AUDIT_VERIFIERS, seedAuditProject } from "@/db/testing/auditSeed";
import { DEFAULT_EXAMPLE, PLAYGROUND_EXAMPLES } from "@/components/playground/playgroundExamples";
import { uniqueName } from "./helpers";
import { editorState, expectEditor, hostOf } from "./monaco";

// The code editors are typed into as a person types: one key at a time, at 5 ms and at 120 ms a
// key, on a machine other sessions load. Every assertion reads the editor's model (its exact text
// and cursor), never only what happens to be rendered.

const SLOW = 120;
const FAST = 5;

/** A fresh audit project; each test edits and saves its own verifiers. */
function seed() {
  const db = openDatabase(process.env.AUTOIF_E2E_DB!);
  try {
    return seedAuditProject(db, { name: uniqueName("Editor") });
  } finally {
    db.$client.close();
  }
}

async function openVerifier(page: Page, s: ReturnType<typeof seed>, index: number) {
  await page.goto("/");
  await page.evaluate(() => localStorage.setItem("autoif.reviewer", "e2e"));
  await page.goto(`/projects/${s.projectId}/instructions?i=${s.instructionId}`);
  const panel = page.getByRole("region", {
    name: `Verifier #${s.verifierNumbers[index]}`,
    exact: true,
  });
  await panel.getByRole("button", { name: "Edit", exact: true }).click();
  const host = hostOf(
    panel.getByRole("textbox", { name: `Code of verifier #${s.verifierNumbers[index]}` }),
  );
  await expect(host).toHaveAttribute("data-readonly", "false");
  return { panel, host };
}

/** Clicks into the code, then puts the cursor at the end of `line` with keys. */
async function cursorToEndOf(page: Page, host: Locator, line: number) {
  await host.locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+Home");
  for (let i = 1; i < line; i++) await page.keyboard.press("ArrowDown");
  await page.keyboard.press("End");
}

/** Presses `key` until the editor holds `text` (at most `max` presses); fails when it never does. */
async function pressUntil(page: Page, host: Locator, key: string, text: string, max = 60) {
  for (let i = 0; i < max; i++) {
    if ((await editorState(host)).text === text) return i;
    await page.keyboard.press(key);
  }
  expect((await editorState(host)).text, `${key} ${max} times`).toBe(text);
  return max;
}

const lines = (s: string) => s.split("\n");

test("a verifier typed into at 120 ms a key keeps every character where it was typed; undo, redo, save", async ({
  page,
}) => {
  const s = seed();
  const { panel, host } = await openVerifier(page, s, 0);
  const original = AUDIT_VERIFIERS[0].source;
  const line2 = lines(original)[1]!;
  await cursorToEndOf(page, host, 2);
  const typed = " // checks case";
  await page.keyboard.type(typed, { delay: SLOW });
  const edited = original.replace(line2, line2 + typed);
  await expectEditor(host, edited, { line: 2, column: line2.length + typed.length + 1 });

  // Undo takes the typing back to the saved code and the cursor to where typing began; redo replays it.
  expect(await pressUntil(page, host, "ControlOrMeta+z", original)).toBeGreaterThan(0);
  expect((await editorState(host)).cursor).toEqual({ line: 2, column: line2.length + 1 });
  await pressUntil(page, host, "ControlOrMeta+Shift+z", edited);
  expect((await editorState(host)).cursor).toEqual({
    line: 2,
    column: line2.length + typed.length + 1,
  });

  // What is saved is exactly what is in the editor.
  await panel.getByRole("button", { name: "Save as new version" }).click();
  await expect(page.getByRole("region", { name: "What changed" })).toContainText("as version 2");
  await page.reload();
  const v2 = page
    .getByRole("region", { name: /^Verifier #\d+$/ })
    .filter({ hasText: "version 2 by e2e" });
  await expect(v2.locator(".monaco-editor")).toBeVisible();
  await expectEditor(v2.locator(".monaco-host"), edited);
});

test("typing fast (5 ms a key): new lines indent, brackets and quotes close and are typed over as in VS Code", async ({
  page,
}) => {
  const s = seed();
  const { panel, host } = await openVerifier(page, s, 1);
  const original = AUDIT_VERIFIERS[1].source;
  const [l1, l2, l3] = lines(original);
  await cursorToEndOf(page, host, 2);
  await page.keyboard.press("Enter");
  await page.keyboard.type("if (response.length > 3) return false;", { delay: FAST });
  const withIf = [l1, l2, "  if (response.length > 3) return false;", l3].join("\n");
  await expectEditor(host, withIf, { line: 3, column: 41 });

  // Each opening character brings its closing one, with the cursor between them.
  await page.keyboard.press("Enter");
  await page.keyboard.type("f(", { delay: FAST });
  const at = (line4: string, column: number) =>
    expectEditor(host, [l1, l2, "  if (response.length > 3) return false;", line4, l3].join("\n"), {
      line: 4,
      column,
    });
  await at("  f()", 5);
  await page.keyboard.type("{", { delay: FAST });
  await at("  f({})", 6);
  await page.keyboard.type('"', { delay: FAST });
  await at('  f({""})', 7);
  // Typing the closing characters steps over the ones the editor added.
  await page.keyboard.type('ok"})', { delay: FAST });
  await at('  f({"ok"})', 12);

  await pressUntil(page, host, "ControlOrMeta+z", original);
  await pressUntil(
    page,
    host,
    "ControlOrMeta+Shift+z",
    [l1, l2, "  if (response.length > 3) return false;", '  f({"ok"})', l3].join("\n"),
  );
  // The page's copy of the draft follows the editor: the live run says it ran edited code.
  await panel.getByRole("button", { name: "Run in browser" }).click();
  await expect(panel.getByRole("status")).toContainText("edited code, not saved");
  await expectEditor(
    host,
    [l1, l2, "  if (response.length > 3) return false;", '  f({"ok"})', l3].join("\n"),
  );
});

test("find, select and multi-cursor edits, and Cancel brings the saved code back", async ({
  page,
}) => {
  const s = seed();
  const { panel, host } = await openVerifier(page, s, 0);
  const original = AUDIT_VERIFIERS[0].source;
  await host.locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+Home");

  // Find: Ctrl+F, type, Escape leaves the match selected; typing replaces it.
  await page.keyboard.press("ControlOrMeta+f");
  const find = host.getByRole("textbox", { name: "Find" });
  await expect(find).toBeFocused();
  await page.keyboard.type("toLowerCase", { delay: FAST });
  await expect(host.locator(".find-widget .matchesCount")).toHaveText("1 of 1");
  await page.keyboard.press("Escape");
  expect((await editorState(host)).selections).toEqual(["2:32-2:43"]);
  await page.keyboard.type("toUpperCase", { delay: FAST });
  const upper = original.replace("toLowerCase", "toUpperCase");
  await expectEditor(host, upper, { line: 2, column: 43 });

  // Multi-cursor: Ctrl+D on "response" twice selects two occurrences; typing writes in both.
  await page.keyboard.press("ControlOrMeta+Home");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ControlOrMeta+ArrowRight"); // after "return"
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ControlOrMeta+d");
  await page.keyboard.press("ControlOrMeta+d");
  expect((await editorState(host)).selections).toEqual(["2:10-2:18", "2:23-2:31"]);
  await page.keyboard.type("text", { delay: SLOW });
  const two = "function evaluate(response) {\n  return text === text.toUpperCase();\n}";
  await expectEditor(host, two);
  expect((await editorState(host)).selections).toEqual(["2:14-2:14", "2:23-2:23"]);
  await page.keyboard.press("Escape");

  // Shift+Home selects to the line's start (after its indentation); typing replaces the selection.
  await page.keyboard.press("End");
  await page.keyboard.press("Shift+Home");
  await page.keyboard.type("return false;", { delay: FAST });
  await expectEditor(host, "function evaluate(response) {\n  return false;\n}", {
    line: 2,
    column: 16,
  });

  await panel.getByRole("button", { name: "Cancel" }).click();
  await expect(host).toHaveAttribute("data-readonly", "true");
  await expectEditor(host, original);
});

test("keys typed in the editor stay there: the page's shortcuts (j, k, /, ?, a, x) do not fire", async ({
  page,
}) => {
  const s = seed();
  // A second instruction, so j / k would visibly move the page if they escaped the editor.
  const db = openDatabase(process.env.AUTOIF_E2E_DB!);
  try {
    db.insert(instructions)
      .values({
        projectId: s.projectId,
        text: "Answer in one line.",
        normalizedHash: `second ${s.projectId}`,
        pipelineStage: "pairs",
        pipelineStatus: "kept",
      })
      .run();
  } finally {
    db.$client.close();
  }
  const { panel, host } = await openVerifier(page, s, 0);
  const original = AUDIT_VERIFIERS[0].source;
  const line2 = lines(original)[1]!;
  await cursorToEndOf(page, host, 2);
  const typed = " // j k / ? a r e x g y n c u";
  await page.keyboard.type(typed, { delay: FAST });
  await expectEditor(host, original.replace(line2, line2 + typed), {
    line: 2,
    column: line2.length + typed.length + 1,
  });
  expect(new URL(page.url()).searchParams.get("i")).toBe(String(s.instructionId));
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByRole("searchbox", { name: "Search instructions" })).not.toBeFocused();
  await expect(
    page
      .getByRole("region", { name: `Instruction ${s.instructionId}`, exact: true })
      .locator(".badge.review-approved"),
  ).toHaveCount(0);
  await expect(panel.getByRole("status")).toHaveCount(0);
});

test("IME composition commits once, where it was composed", async ({ page }) => {
  const s = seed();
  const { host } = await openVerifier(page, s, 0);
  const original = AUDIT_VERIFIERS[0].source;
  const line2 = lines(original)[1]!;
  await cursorToEndOf(page, host, 2);
  await page.keyboard.type(" // ", { delay: SLOW });
  // Chromium's own input method events, as a Japanese keyboard sends them.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Input.imeSetComposition", { text: "n", selectionStart: 1, selectionEnd: 1 });
  await cdp.send("Input.imeSetComposition", { text: "に", selectionStart: 1, selectionEnd: 1 });
  await cdp.send("Input.imeSetComposition", { text: "にほん", selectionStart: 3, selectionEnd: 3 });
  await cdp.send("Input.insertText", { text: "日本" });
  await page.keyboard.type(" ok", { delay: SLOW });
  await expectEditor(host, original.replace(line2, `${line2} // 日本 ok`), {
    line: 2,
    column: line2.length + 10,
  });
});

test("the playground's code editor is the same editor: typing slow and fast, undo, redo, Ctrl+Enter, go to an error", async ({
  page,
}) => {
  await page.goto("/playground");
  const host = hostOf(page.getByRole("textbox", { name: "Verifier code" }));
  await expect(host).toHaveAttribute("data-ready", "true");
  const example = DEFAULT_EXAMPLE.verifier;
  await expectEditor(host, example);
  const exampleLines = lines(example);

  // At the end (the example ends with a new line, so on an empty last line).
  await host.locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type("// typed slowly", { delay: SLOW });
  const slow = `${example}// typed slowly`;
  await expectEditor(host, slow, { line: exampleLines.length, column: 16 });

  await page.keyboard.press("ControlOrMeta+Home");
  await page.keyboard.type("const limit = (3);", { delay: FAST });
  await page.keyboard.press("Enter");
  const fast = `const limit = (3);\n${slow}`;
  await expectEditor(host, fast, { line: 2, column: 1 });

  await pressUntil(page, host, "ControlOrMeta+z", example);
  await pressUntil(page, host, "ControlOrMeta+Shift+z", fast);

  // Ctrl+Enter in the editor runs the code as it is now.
  await page.keyboard.press("ControlOrMeta+Enter");
  await expect(page.getByRole("main").getByRole("status")).toHaveText(
    "Done: 3 responses: 2 pass, 1 fail, 0 error",
    { timeout: 20_000 },
  );
  await expectEditor(host, fast);

  // A syntax error: the alert's "line, column" button puts the cursor there.
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("let x = ;", { delay: FAST });
  await page.getByRole("button", { name: "Run in browser sandbox" }).click();
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText(/Compile error at line \d+, column \d+/);
  const [, line, column] = /line (\d+), column (\d+)/.exec((await alert.textContent()) ?? "")!;
  await alert.getByRole("button", { name: /^line \d+, column \d+$/ }).click();
  expect((await editorState(host)).cursor).toEqual({ line: Number(line), column: Number(column) });
  const textbox = page.getByRole("textbox", { name: "Verifier code" });
  await expect(textbox).toBeFocused();
  await expect(textbox).toHaveAttribute("aria-describedby", "playground-compile-error");

  // Loading an example over the edits replaces the editor's text with the example's.
  await page.getByRole("button", { name: "At most 20 words" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Replace with example" }).click();
  await expectEditor(host, PLAYGROUND_EXAMPLES[1]!.verifier);
});
