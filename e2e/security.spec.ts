import { expect, test } from "@playwright/test";
import { guardPage } from "./pageGuards";
import { rawRequest, trpcQueryUrl } from "./rawHttp";

const base = `http://127.0.0.1:${process.env.AUTOIF_E2E_PORT ?? 3210}`;
const tokenBase = `http://127.0.0.1:${Number(process.env.AUTOIF_E2E_PORT ?? 3210) + 2}`;
const token = process.env.AUTOIF_E2E_TOKEN ?? "";
const createProjectBody = (name: string) => JSON.stringify({ json: { name } });

test("every page works under the Content-Security-Policy: no violation, no foreign request", async ({ page, baseURL }) => {
  const guard = await guardPage(page, baseURL!);
  const response = await page.goto("/");
  const csp = response!.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'nonce-[^']+' 'strict-dynamic' 'wasm-unsafe-eval'/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).toContain("object-src 'none'");
  expect(response!.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response!.headers()["x-frame-options"]).toBe("DENY");
  await page.getByRole("link", { name: "Example: format constraints" }).click();
  await expect(page.getByRole("heading", { name: "Seed instructions" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Project" });
  for (const link of ["Instructions", "Queries", "Runs", "Responses", "Pairs", "Export", "Settings"]) {
    const heading = link;
    await nav.getByRole("link", { name: new RegExp(`^${link}`) }).click();
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  }
  await guard.expectClean("project pages");
  await page.goto("/playground");
  await page.getByRole("button", { name: "Run in browser sandbox" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Done: 3 responses: 2 pass, 1 fail, 0 error", { timeout: 20_000 });
  await guard.expectClean("playground running a verifier in its worker");
});

test("a foreign Host header is refused on a page, a query and a mutation (DNS rebinding)", async () => {
  const evil = { Host: "evil.example:3000" };
  expect((await rawRequest(`${base}/`, { headers: evil })).status).toBe(403);
  expect((await rawRequest(trpcQueryUrl(base, "project.list", undefined), { headers: evil })).status).toBe(403);
  const mutation = await rawRequest(`${base}/api/trpc/project.create`, {
    method: "POST",
    headers: { ...evil, Origin: "http://evil.example:3000", "Content-Type": "application/json" },
    body: createProjectBody("rebound"),
  });
  expect(mutation.status).toBe(403);
  expect((await rawRequest(`${base}/api/sandbox/quickjs.wasm`, { headers: evil })).status).toBe(403);
  // The same requests with the studio's own Host are answered.
  expect((await rawRequest(`${base}/`)).status).toBe(200);
  expect((await rawRequest(trpcQueryUrl(base, "project.list", undefined))).status).toBe(200);
});

test("cross-origin, originless and form posts are refused; nothing is created", async () => {
  const name = `Forged ${Date.now()}`;
  const post = (headers: Record<string, string>, body = createProjectBody(name)) =>
    rawRequest(`${base}/api/trpc/project.create`, { method: "POST", headers, body });
  expect((await post({ Origin: "http://evil.example", "Content-Type": "application/json" })).status).toBe(403);
  expect((await post({ Origin: "null", "Content-Type": "application/json" })).status).toBe(403);
  expect((await post({ "Content-Type": "application/json" })).status).toBe(403);
  expect((await post({ Origin: base, "Content-Type": "text/plain" })).status).toBe(415);
  expect((await post({ Origin: base, "Content-Type": "application/x-www-form-urlencoded" }, `name=${name}`)).status).toBe(415);
  expect((await post({ Origin: base, "Content-Type": "multipart/form-data; boundary=x" })).status).toBe(415);
  const list = await rawRequest(trpcQueryUrl(base, "project.list", undefined));
  expect(list.body).not.toContain(name);
  // A same-origin JSON post, as the studio's own pages send, works.
  const ok = await post({ Origin: base, "Content-Type": "application/json" });
  expect(ok.status).toBe(200);
});

test.describe("with AUTOIF_TOKEN", () => {
  test("no token is refused everywhere; the login page takes the token and sets a strict httpOnly cookie", async ({ page, context }) => {
    expect(token.length).toBeGreaterThanOrEqual(16);
    expect((await rawRequest(trpcQueryUrl(tokenBase, "project.list", undefined))).status).toBe(401);
    expect((await rawRequest(`${tokenBase}/api/sandbox/quickjs.wasm`)).status).toBe(401);
    const pageWithout = await rawRequest(`${tokenBase}/projects/1/seeds`);
    expect(pageWithout.status).toBe(303);
    expect(pageWithout.headers.location).toContain("/login?next=%2Fprojects%2F1%2Fseeds");
    expect((await rawRequest(`${tokenBase}/`, { headers: { Cookie: `autoif_session=${token}` } })).status).toBe(303);
    expect((await rawRequest(`${tokenBase}/`, { headers: { Host: "evil.example" } })).status).toBe(403);

    const guard = await guardPage(page, tokenBase);
    await page.goto(`${tokenBase}/playground`);
    await expect(page).toHaveURL(/\/login\?next=%2Fplayground$/);
    await page.getByLabel("Access token").fill("not-the-token-at-all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("That is not this studio's access token.");
    await page.getByLabel("Access token").fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Verifier playground" })).toBeVisible();
    const status = page.getByRole("main").getByRole("status");
    // The page arrives by a full navigation; click again until it has hydrated.
    await expect(async () => {
      await page.getByRole("button", { name: "Run in browser sandbox" }).click();
      await expect(status).not.toHaveText(/^Not run yet/, { timeout: 1_000 });
    }).toPass();
    await expect(status).toHaveText(/^Done: 3 responses/, { timeout: 20_000 });
    await guard.expectClean("playground behind the token");

    const cookie = (await context.cookies(tokenBase)).find((c) => c.name === "autoif_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/" });
    expect(cookie!.value).not.toContain(token);
    const withCookie = { Cookie: `autoif_session=${cookie!.value}` };
    expect((await rawRequest(trpcQueryUrl(tokenBase, "project.list", undefined), { headers: withCookie })).status).toBe(200);
    // The cookie does not make a cross-site post acceptable.
    const forged = await rawRequest(`${tokenBase}/api/trpc/project.create`, {
      method: "POST",
      headers: { ...withCookie, Origin: "http://evil.example", "Content-Type": "application/json" },
      body: createProjectBody("forged with cookie"),
    });
    expect(forged.status).toBe(403);
  });

  test("a script may use the token as a bearer header", async () => {
    const auth = { Authorization: `Bearer ${token}` };
    expect((await rawRequest(trpcQueryUrl(tokenBase, "project.list", undefined), { headers: auth })).status).toBe(200);
    expect((await rawRequest(trpcQueryUrl(tokenBase, "project.list", undefined), { headers: { Authorization: "Bearer wrong-token-wrong-token" } })).status).toBe(401);
  });
});
