import { expect, test } from "@playwright/test";
import { insertExportRows } from "./fixtures/exportRows";
import { guardPage } from "./pageGuards";
import { rawRequest, trpcQueryUrl } from "./rawHttp";
import { rowCount, upload } from "./uploadHttp";

const base = `http://127.0.0.1:${process.env.AUTOIF_E2E_PORT ?? 3210}`;
const tokenBase = `http://127.0.0.1:${Number(process.env.AUTOIF_E2E_PORT ?? 3210) + 2}`;
const token = process.env.AUTOIF_E2E_TOKEN ?? "";
const createProjectBody = (name: string) => JSON.stringify({ json: { name } });

test("every page works under the Content-Security-Policy: no violation, no foreign request", async ({
  page,
  baseURL,
}) => {
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
  for (const link of [
    "Instructions",
    "Queries",
    "Runs",
    "Responses",
    "Pairs",
    "Export",
    "Settings",
  ]) {
    const heading = link;
    await nav.getByRole("link", { name: new RegExp(`^${link}`) }).click();
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  }
  await guard.expectClean("project pages");
  await page.goto("/playground");
  await page.getByRole("button", { name: "Run in browser sandbox" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText(
    "Done: 3 responses: 2 pass, 1 fail, 0 error",
    { timeout: 20_000 },
  );
  await guard.expectClean("playground running a verifier in its worker");
});

test("a foreign Host header is refused on a page, a query and a mutation (DNS rebinding)", async () => {
  const evil = { Host: "evil.example:3000" };
  expect((await rawRequest(`${base}/`, { headers: evil })).status).toBe(403);
  expect(
    (await rawRequest(trpcQueryUrl(base, "project.list", undefined), { headers: evil })).status,
  ).toBe(403);
  const mutation = await rawRequest(`${base}/api/trpc/project.create`, {
    method: "POST",
    headers: { ...evil, Origin: "http://evil.example:3000", "Content-Type": "application/json" },
    body: createProjectBody("rebound"),
  });
  expect(mutation.status).toBe(403);
  expect((await rawRequest(`${base}/api/sandbox/quickjs.wasm`, { headers: evil })).status).toBe(
    403,
  );
  // The same requests with the studio's own Host are answered.
  expect((await rawRequest(`${base}/`)).status).toBe(200);
  expect((await rawRequest(trpcQueryUrl(base, "project.list", undefined))).status).toBe(200);
});

test("cross-origin, originless and form posts are refused; nothing is created", async () => {
  const name = `Forged ${Date.now()}`;
  const post = (headers: Record<string, string>, body = createProjectBody(name)) =>
    rawRequest(`${base}/api/trpc/project.create`, { method: "POST", headers, body });
  expect(
    (await post({ Origin: "http://evil.example", "Content-Type": "application/json" })).status,
  ).toBe(403);
  expect((await post({ Origin: "null", "Content-Type": "application/json" })).status).toBe(403);
  expect((await post({ "Content-Type": "application/json" })).status).toBe(403);
  expect((await post({ Origin: base, "Content-Type": "text/plain" })).status).toBe(415);
  expect(
    (
      await post(
        { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
        `name=${name}`,
      )
    ).status,
  ).toBe(415);
  expect(
    (await post({ Origin: base, "Content-Type": "multipart/form-data; boundary=x" })).status,
  ).toBe(415);
  const list = await rawRequest(trpcQueryUrl(base, "project.list", undefined));
  expect(list.body).not.toContain(name);
  // A same-origin JSON post, as the studio's own pages send, works.
  const ok = await post({ Origin: base, "Content-Type": "application/json" });
  expect(ok.status).toBe(200);
});

test.describe("with AUTOIF_TOKEN", () => {
  test("no token is refused everywhere; the login page takes the token and sets a strict httpOnly cookie", async ({
    page,
    context,
  }) => {
    expect(token.length).toBeGreaterThanOrEqual(16);
    expect((await rawRequest(trpcQueryUrl(tokenBase, "project.list", undefined))).status).toBe(401);
    expect((await rawRequest(`${tokenBase}/api/sandbox/quickjs.wasm`)).status).toBe(401);
    const pageWithout = await rawRequest(`${tokenBase}/projects/1/seeds`);
    expect(pageWithout.status).toBe(303);
    expect(pageWithout.headers.location).toContain("/login?next=%2Fprojects%2F1%2Fseeds");
    expect(
      (await rawRequest(`${tokenBase}/`, { headers: { Cookie: `autoif_session=${token}` } }))
        .status,
    ).toBe(303);
    expect((await rawRequest(`${tokenBase}/`, { headers: { Host: "evil.example" } })).status).toBe(
      403,
    );

    const guard = await guardPage(page, tokenBase);
    await page.goto(`${tokenBase}/playground`);
    await expect(page).toHaveURL(/\/login\?next=%2Fplayground$/);
    await page.getByLabel("Access token").fill("not-the-token-at-all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(
      "That is not this studio's access token.",
    );
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
    expect(
      (
        await rawRequest(trpcQueryUrl(tokenBase, "project.list", undefined), {
          headers: withCookie,
        })
      ).status,
    ).toBe(200);
    // The cookie does not make a cross-site post acceptable.
    const forged = await rawRequest(`${tokenBase}/api/trpc/project.create`, {
      method: "POST",
      headers: { ...withCookie, Origin: "http://evil.example", "Content-Type": "application/json" },
      body: createProjectBody("forged with cookie"),
    });
    expect(forged.status).toBe(403);
  });

  test("after signing in, a foreign next stays in the studio", async ({ page }) => {
    for (const next of [
      "/\t/evil.example/path",
      "/\n/evil.example/path",
      "//evil.example/path",
      "/\\evil.example",
      "https://evil.example/",
    ]) {
      await page.context().clearCookies();
      await page.goto(`${tokenBase}/login?next=${encodeURIComponent(next)}`);
      await page.getByLabel("Access token").fill(token);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("heading", { name: "Sign in" })).toHaveCount(0);
      expect(new URL(page.url()).origin, JSON.stringify(next)).toBe(tokenBase);
    }
  });

  test("wrong tokens are limited per client address, however many are sent at once", async () => {
    const guess = (localAddress: string, value: string, headers: Record<string, string> = {}) =>
      upload(
        `${tokenBase}/api/auth/login`,
        Buffer.from(JSON.stringify({ token: value })),
        { Origin: tokenBase, "Content-Type": "application/json", ...headers },
        { localAddress },
      );
    // 25 guesses in parallel from one address: the limit (10 a minute) holds for requests in flight.
    const burst = await Promise.all(
      Array.from({ length: 25 }, (_, i) => guess("127.0.0.5", `wrong-token-number-${i}-xxxxxxxx`)),
    );
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    expect(JSON.parse(burst.find((r) => r.status === 429)!.body).error.message).toMatch(
      /^Too many wrong tokens from 127\.0\.0\.5; try again in \d+ s\.$/,
    );
    // Even the right token waits now from that address; another address is not affected.
    expect((await guess("127.0.0.5", token)).status).toBe(429);
    expect((await guess("127.0.0.6", "wrong-token-from-elsewhere")).status).toBe(401);
    expect((await guess("127.0.0.6", token)).status).toBe(200);
    // Headers a client sets do not make it another address.
    const spoofed = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        guess("127.0.0.7", `spoofed-guess-${i}-xxxxxxxxxx`, {
          "X-Forwarded-For": `10.0.0.${i}`,
          "X-Autoif-Client-Address": `10.1.0.${i}`,
          "X-Real-IP": `10.2.0.${i}`,
        }),
      ),
    );
    expect(spoofed.filter((r) => r.status === 401)).toHaveLength(10);
  });

  test("a script may use the token as a bearer header", async () => {
    const auth = { Authorization: `Bearer ${token}` };
    expect(
      (await rawRequest(trpcQueryUrl(tokenBase, "project.list", undefined), { headers: auth }))
        .status,
    ).toBe(200);
    expect(
      (
        await rawRequest(trpcQueryUrl(tokenBase, "project.list", undefined), {
          headers: { Authorization: "Bearer wrong-token-wrong-token" },
        })
      ).status,
    ).toBe(401);
  });
});

test("a Host with two ports, or an Origin of the other scheme, is refused", async () => {
  const port = Number(process.env.AUTOIF_E2E_PORT ?? 3210);
  for (const host of [
    `localhost:${port}:80`,
    `127.0.0.1:${port}:${port}`,
    `127.0.0.1:${port}@evil.example`,
  ]) {
    expect((await rawRequest(`${base}/`, { headers: { Host: host } })).status, host).toBe(403);
    expect(
      (await rawRequest(trpcQueryUrl(base, "project.list", undefined), { headers: { Host: host } }))
        .status,
      host,
    ).toBe(403);
  }
  const name = `Other scheme ${Date.now()}`;
  const res = await rawRequest(`${base}/api/trpc/project.create`, {
    method: "POST",
    headers: { Origin: `https://127.0.0.1:${port}`, "Content-Type": "application/json" },
    body: createProjectBody(name),
  });
  expect(res.status).toBe(403);
  expect((await rawRequest(trpcQueryUrl(base, "project.list", undefined))).body).not.toContain(
    name,
  );
});

/** Every `next` that could leave the studio once a browser has read it (tabs and newlines stripped, \ as /). */
const foreignNexts = [
  "/\t/evil.example/path",
  "/\n/evil.example/path",
  "/\r\n/evil.example/path",
  "//evil.example/path",
  "/\\evil.example/path",
  "\\\\evil.example/path",
  "/.//evil.example/path",
  "/%2e//evil.example/path",
  "https://evil.example/path",
  "http:evil.example",
  "javascript:alert(1)",
  " //evil.example",
];

test("the login page's next never leaves the studio (redirect without a token)", async () => {
  for (const next of foreignNexts) {
    const res = await rawRequest(`${base}/login?next=${encodeURIComponent(next)}`);
    expect(res.status, JSON.stringify(next)).toBeGreaterThanOrEqual(300);
    expect(res.status, JSON.stringify(next)).toBeLessThan(400);
    const target = new URL(res.headers.location!, base);
    expect(target.origin, `${JSON.stringify(next)} -> ${res.headers.location}`).toBe(base);
  }
  // A local path with its query is kept.
  const local = await rawRequest(
    `${base}/login?next=${encodeURIComponent("/projects/1/seeds?x=1")}`,
  );
  expect(new URL(local.headers.location!, base).href).toBe(`${base}/projects/1/seeds?x=1`);
});

test("an export is never made by a GET from another site: no file, no history row", async ({
  page,
}) => {
  const port = Number(process.env.AUTOIF_E2E_PORT ?? 3210);
  const created = await rawRequest(`${base}/api/trpc/project.create`, {
    method: "POST",
    headers: { Origin: base, "Content-Type": "application/json" },
    body: createProjectBody(`Cross-site export ${Date.now()}`),
  });
  const projectId = (JSON.parse(created.body) as { result: { data: { json: { id: number } } } })
    .result.data.json.id;
  insertExportRows(process.env.AUTOIF_E2E_DB!, projectId);
  const history = () =>
    rowCount(
      process.env.AUTOIF_E2E_DB!,
      "select count(*) n from exports where project_id = ?",
      projectId,
    );
  const url = `${base}/api/projects/${projectId}/export?format=alpaca`;
  // What an <img>, a link or a script on another page sends (plain http beyond loopback sends no Sec-Fetch-Site).
  const foreignReads: Array<Record<string, string>> = [
    { "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image" },
    { "Sec-Fetch-Site": "same-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image" },
    { Referer: "http://evil.example/page.html" },
    { Origin: "http://evil.example" },
    { Origin: `http://localhost:${port + 100}` },
    {},
  ];
  for (const headers of foreignReads) {
    const res = await rawRequest(url, { headers });
    expect(res.status, JSON.stringify(headers)).toBe(403);
    expect(history(), JSON.stringify(headers)).toBe(0);
  }
  // The same from a real page on another origin.
  await page.route("http://evil.example/", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<img src="${url}"><img src="${url.replace("127.0.0.1", "localhost")}">`,
    }),
  );
  await page.goto("http://evil.example/");
  expect(history()).toBe(0);
  // From the studio, a POST gives a one-time link; it downloads once and records once.
  const started = await rawRequest(`${base}/api/projects/${projectId}/export`, {
    method: "POST",
    headers: { Origin: base, "Content-Type": "application/json" },
    body: JSON.stringify({ query: "format=alpaca" }),
  });
  expect(started.status, started.body).toBe(200);
  const link = (JSON.parse(started.body) as { url: string }).url;
  expect((await rawRequest(`${base}${link}`)).status).toBe(200);
  expect(history()).toBe(1);
  expect((await rawRequest(`${base}${link}`)).status).toBe(403);
  expect(history()).toBe(1);
  // The POST itself obeys the change rules: another site cannot mint a link.
  const forged = await rawRequest(`${base}/api/projects/${projectId}/export`, {
    method: "POST",
    headers: { Origin: "http://evil.example", "Content-Type": "application/json" },
    body: JSON.stringify({ query: "format=alpaca" }),
  });
  expect(forged.status).toBe(403);
});

test("a JSON body that is not valid UTF-8 is refused with 400, nothing stored", async () => {
  const stamp = Date.now().toString(36);
  for (const [label, bad] of [
    ["Latin-1 é", Buffer.from([0xe9])],
    ["overlong /", Buffer.from([0xc0, 0xaf])],
    ["UTF-16 surrogate", Buffer.from([0xed, 0xa0, 0x80])],
    ["cut sequence", Buffer.from([0xe2, 0x82])],
    ["byte FF", Buffer.from([0xff])],
  ] as const) {
    const body = Buffer.concat([
      Buffer.from(`{"json":{"name":"Caf`),
      bad,
      Buffer.from(` ${label} ${stamp}"}}`),
    ]);
    const res = await upload(`${base}/api/trpc/project.create`, body, {
      Origin: base,
      "Content-Type": "application/json",
    });
    expect(res.status, `${label}: ${res.body}`).toBe(400);
    expect(JSON.parse(res.body).error.message, label).toBe(
      `The request body is not valid UTF-8 (byte 21 of ${body.length}); nothing was changed.`,
    );
  }
  const names = (await rawRequest(trpcQueryUrl(base, "project.list", undefined))).body;
  expect(names).not.toContain(stamp);
  // The same name in valid UTF-8 is stored as sent.
  const ok = await upload(
    `${base}/api/trpc/project.create`,
    Buffer.from(`{"json":{"name":"Café ${stamp}"}}`),
    { Origin: base, "Content-Type": "application/json" },
  );
  expect(ok.status).toBe(200);
  expect((await rawRequest(trpcQueryUrl(base, "project.list", undefined))).body).toContain(
    `Café ${stamp}`,
  );
});
