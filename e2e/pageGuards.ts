import { expect, type Page } from "@playwright/test";

declare global {
  interface Window {
    __xss?: unknown;
    __cspViolations?: string[];
  }
}

/**
 * Watches a page for what hostile data or a too-strict policy would cause: requests to any other
 * origin, CSP violations, uncaught errors, and `window.__xss` (which every hostile payload sets).
 * Call before the first navigation; `expectClean` asserts nothing of the kind happened.
 */
export async function guardPage(page: Page, baseURL: string) {
  const origin = new URL(baseURL).origin;
  const offOrigin: string[] = [];
  const errors: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol === "data:" || url.protocol === "blob:") return;
    if (url.origin !== origin) offOrigin.push(request.url());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  // Nothing may reach another origin even if a test's assertions were to miss it.
  await page.route(
    (url) => url.origin !== origin && url.protocol.startsWith("http"),
    (route) => route.abort(),
  );
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations!.push(
        `${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  return {
    async expectClean(what: string) {
      expect(offOrigin, `${what}: requests to other origins`).toEqual([]);
      expect(errors, `${what}: page errors`).toEqual([]);
      expect(
        await page.evaluate(() => window.__cspViolations ?? []),
        `${what}: CSP violations`,
      ).toEqual([]);
      expect(
        await page.evaluate(() => window.__xss),
        `${what}: script from data ran`,
      ).toBeUndefined();
      const overflow = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= width + 1) return null;
        // Name the outermost element that sticks out, to say what broke the layout.
        const culprit = [...document.querySelectorAll("body *")].find(
          (el) => el.getBoundingClientRect().right > width + 1,
        );
        return `${document.documentElement.scrollWidth}px wide in a ${width}px window; first too wide: <${culprit?.tagName.toLowerCase()} class="${culprit?.className}">`;
      });
      expect(overflow, `${what}: the page is wider than the window`).toBeNull();
    },
  };
}
