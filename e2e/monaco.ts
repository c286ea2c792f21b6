import { expect, type Locator, type Page } from "@playwright/test";

/** What a studio editor's host element exposes to tests: read-only text and cursor (components/audit/MonacoEditor.tsx). */
interface ProbedHost extends HTMLElement {
  editorProbe?: {
    text(): string;
    cursor(): { line: number; column: number };
    selections(): string[];
  };
}

/** The text, cursor and selections of the Monaco editor in `host` (a `.monaco-host`), read from its model. */
export async function editorState(host: Locator) {
  return host.evaluate((el: ProbedHost) => {
    const probe = el.editorProbe;
    // Without the probe (an older build), the rendered lines are the best the page offers.
    if (!probe)
      return {
        text:
          (el.querySelector(".view-lines") as HTMLElement | null)?.innerText.replace(
            /\u00a0/g,
            " ",
          ) ?? "",
        cursor: null,
        selections: [],
      };
    return { text: probe.text(), cursor: probe.cursor(), selections: probe.selections() };
  });
}

/** Waits until the editor holds exactly `text` with the cursor at `cursor` (1-based line and column). */
export async function expectEditor(
  host: Locator,
  text: string,
  cursor?: { line: number; column: number },
) {
  await expect
    .poll(async () => (await editorState(host)).text, { message: "the editor's text" })
    .toBe(text);
  if (cursor) expect((await editorState(host)).cursor, "the cursor").toEqual(cursor);
}

/** The `.monaco-host` around an editor's accessible text box. */
export const hostOf = (textbox: Locator) =>
  textbox.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' monaco-host ')][1]");

/** Replaces all the code in an editor by pasting it, as a researcher pastes a verifier from elsewhere. */
export async function pasteCode(page: Page, host: Locator, code: string) {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.evaluate((text) => navigator.clipboard.writeText(text), code);
  await host.locator(".monaco-editor .view-lines").click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("ControlOrMeta+v");
  await expectEditor(host, code);
}
