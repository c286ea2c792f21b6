import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  allowedHostsFor,
  bindRefusal,
  checkAccess,
  crossSiteRead,
  parseHost,
  secretsEqual,
  sessionValue,
  type AccessPolicy,
  type AccessRequest,
} from "./accessPolicy";

function withoutToken() {
  const { AUTOIF_TOKEN: _ignored, ...rest } = process.env;
  return rest;
}

const open: AccessPolicy = { allowedHosts: allowedHostsFor("127.0.0.1", 3000), token: undefined };
const locked: AccessPolicy = {
  allowedHosts: allowedHostsFor("127.0.0.1", 3000),
  token: "s3cret-token",
};

function req(overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    method: "GET",
    pathname: "/",
    host: "127.0.0.1:3000",
    origin: null,
    contentType: null,
    sessionCookie: undefined,
    authorization: null,
    ...overrides,
  };
}

const mutation = {
  method: "POST",
  pathname: "/api/trpc/project.create",
  origin: "http://127.0.0.1:3000",
  contentType: "application/json",
};

describe("access policy", () => {
  it("answers to loopback names on its port and refuses any other Host (DNS rebinding)", () => {
    for (const host of ["127.0.0.1:3000", "localhost:3000", "[::1]:3000", "LOCALHOST:3000"]) {
      expect(checkAccess(open, req({ host }))).toEqual({ ok: true });
    }
    for (const host of [
      "evil.example:3000",
      "evil.example",
      "127.0.0.1:3001",
      "",
      null,
      "127.0.0.1.evil.example:3000",
    ]) {
      expect(checkAccess(open, req({ host }))).toMatchObject({ ok: false, status: 403 });
    }
    expect(checkAccess(open, req({ host: "evil.example:3000", ...mutation }))).toMatchObject({
      status: 403,
    });
  });

  it("refuses a Host that is not one name and at most one port", () => {
    for (const host of [
      "localhost:3000:80",
      "127.0.0.1:3000:3000",
      "127.0.0.1:3000@evil.example",
      "127.0.0.1:3000/x",
      "127.0.0.1 :3000",
      "127.0.0.1:",
      "[::1]:3000:1",
    ]) {
      expect(checkAccess(open, req({ host })), host).toMatchObject({ ok: false, status: 403 });
    }
    expect(parseHost("LOCALHOST:3000")).toEqual({ name: "localhost", port: "3000" });
    expect(parseHost("[::1]:3000")).toEqual({ name: "[::1]", port: "3000" });
    expect(parseHost("localhost:3000:80")).toBeNull();
  });

  it("refuses an Origin of the other scheme", () => {
    expect(checkAccess(open, req({ ...mutation, origin: "https://127.0.0.1:3000" }))).toMatchObject(
      { ok: false, status: 403 },
    );
    expect(
      checkAccess(open, req({ ...mutation, origin: "https://127.0.0.1:3000", scheme: "https" })),
    ).toEqual({ ok: true });
    expect(checkAccess(open, req({ ...mutation, scheme: "https" }))).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  it("finds a read another site made: Sec-Fetch-Site, a foreign Origin or Referer", () => {
    expect(crossSiteRead(req())).toBeNull();
    expect(crossSiteRead(req({ fetchSite: "same-origin" }))).toBeNull();
    expect(crossSiteRead(req({ fetchSite: "none" }))).toBeNull();
    expect(crossSiteRead(req({ referer: "http://127.0.0.1:3000/projects/1/export" }))).toBeNull();
    expect(crossSiteRead(req({ fetchSite: "cross-site" }))).toMatch(/cross-site/);
    expect(crossSiteRead(req({ fetchSite: "same-site" }))).toMatch(/same-site/);
    for (const value of [
      "http://evil.example/",
      "http://127.0.0.1:3001/",
      "https://127.0.0.1:3000/",
      "null",
      "garbage",
    ]) {
      expect(crossSiteRead(req({ origin: value })), value).toMatch(/Origin/);
      expect(crossSiteRead(req({ referer: value })), value).toMatch(/Referer/);
    }
  });

  it("accepts extra allowed hosts, with or without a port", () => {
    const policy = {
      ...open,
      allowedHosts: allowedHostsFor("127.0.0.1", 3000, ["studio.lab", "proxy.lab:8443"]),
    };
    expect(checkAccess(policy, req({ host: "studio.lab:443" })).ok).toBe(true);
    expect(checkAccess(policy, req({ host: "proxy.lab:8443" })).ok).toBe(true);
    expect(checkAccess(policy, req({ host: "proxy.lab:8444" })).ok).toBe(false);
  });

  it("refuses cross-origin, originless and form posts; accepts same-origin JSON", () => {
    expect(checkAccess(open, req(mutation))).toEqual({ ok: true });
    expect(
      checkAccess(open, req({ ...mutation, contentType: "application/json; charset=utf-8" })),
    ).toEqual({ ok: true });
    // The streamed upload sends raw bytes, which no form can send either.
    expect(
      checkAccess(
        open,
        req({
          ...mutation,
          pathname: "/api/projects/1/queries",
          contentType: "application/octet-stream",
        }),
      ),
    ).toEqual({ ok: true });
    for (const origin of [
      "http://evil.example",
      "null",
      "http://127.0.0.1:3001",
      "file://",
      "http://localhost:3000",
    ]) {
      expect(checkAccess(open, req({ ...mutation, origin }))).toMatchObject({
        ok: false,
        status: 403,
      });
    }
    expect(checkAccess(open, req({ ...mutation, origin: null }))).toMatchObject({ status: 403 });
    for (const contentType of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      null,
    ]) {
      expect(checkAccess(open, req({ ...mutation, contentType }))).toMatchObject({
        ok: false,
        status: 415,
      });
    }
  });

  it("with a token, refuses requests without it and accepts the session cookie or a bearer header", () => {
    expect(checkAccess(locked, req())).toMatchObject({ ok: false, status: 401, login: true });
    expect(checkAccess(locked, req({ pathname: "/api/trpc/project.list" }))).toMatchObject({
      status: 401,
    });
    expect(checkAccess(locked, req({ sessionCookie: "s3cret-token" }))).toMatchObject({
      status: 401,
    });
    expect(checkAccess(locked, req({ sessionCookie: sessionValue("other") }))).toMatchObject({
      status: 401,
    });
    expect(checkAccess(locked, req({ sessionCookie: sessionValue("s3cret-token") }))).toEqual({
      ok: true,
    });
    expect(checkAccess(locked, req({ authorization: "Bearer s3cret-token" }))).toEqual({
      ok: true,
    });
    expect(checkAccess(locked, req({ authorization: "Bearer s3cret-tokem" }))).toMatchObject({
      status: 401,
    });
    // A script with the token needs no Origin; a browser's cross-site post is still refused.
    expect(
      checkAccess(locked, req({ ...mutation, origin: null, authorization: "Bearer s3cret-token" })),
    ).toEqual({ ok: true });
    expect(
      checkAccess(
        locked,
        req({
          ...mutation,
          origin: "http://evil.example",
          sessionCookie: sessionValue("s3cret-token"),
        }),
      ),
    ).toMatchObject({ status: 403 });
    // The login page and its endpoint answer without the token, but still check the Host.
    expect(checkAccess(locked, req({ pathname: "/login" }))).toEqual({ ok: true });
    expect(checkAccess(locked, req({ pathname: "/login", host: "evil.example" }))).toMatchObject({
      status: 403,
    });
    expect(checkAccess(locked, req({ ...mutation, pathname: "/api/auth/login" }))).toEqual({
      ok: true,
    });
  });

  it("compares secrets whatever their lengths", () => {
    expect(secretsEqual("abc", "abc")).toBe(true);
    expect(secretsEqual("abc", "abd")).toBe(false);
    expect(secretsEqual("abc", "abcdef")).toBe(false);
    expect(sessionValue("t")).not.toContain("t".repeat(2));
  });

  it("refuses to bind beyond loopback without a token", () => {
    expect(bindRefusal("127.0.0.1", undefined)).toBeNull();
    expect(bindRefusal("localhost", undefined)).toBeNull();
    expect(bindRefusal("::1", undefined)).toBeNull();
    expect(bindRefusal("0.0.0.0", undefined)).toMatch(/AUTOIF_TOKEN/);
    expect(bindRefusal("192.168.1.5", undefined)).toMatch(/Refusing to listen on 192\.168\.1\.5/);
    expect(bindRefusal("0.0.0.0", "tok")).toBeNull();
  });

  it("npm start exits with the reason before building when bound beyond loopback without a token", () => {
    const result = spawnSync(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "server/cli/start.ts"],
      {
        encoding: "utf8",
        env: { ...withoutToken(), AUTOIF_HOST: "0.0.0.0", AUTOIF_DB_PATH: ":memory:" },
        timeout: 30_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Refusing to listen on 0\.0\.0\.0.*AUTOIF_TOKEN/s);
    expect(result.stdout).not.toMatch(/Building/);
  });
});

describe("scriptPosts (the reward server's route)", () => {
  const base = {
    method: "POST",
    pathname: "/api/projects/1/rewards",
    host: "127.0.0.1:3000",
    origin: null,
    contentType: "application/json",
    sessionCookie: undefined,
    authorization: null,
  };
  const open: AccessPolicy = { allowedHosts: allowedHostsFor("127.0.0.1", 3000), token: undefined };
  const guarded: AccessPolicy = {
    allowedHosts: allowedHostsFor("127.0.0.1", 3000),
    token: "a-token-of-sixteen-chars",
  };
  it("lets a script POST JSON without an Origin on loopback, and nothing else changes", () => {
    expect(checkAccess(open, base)).toMatchObject({ ok: false, status: 403 });
    expect(checkAccess(open, base, { scriptPosts: true })).toEqual({ ok: true });
    expect(
      checkAccess(open, { ...base, contentType: "text/plain" }, { scriptPosts: true }),
    ).toMatchObject({ ok: false, status: 415 });
    expect(
      checkAccess(open, { ...base, host: "evil.example" }, { scriptPosts: true }),
    ).toMatchObject({ ok: false, status: 403 });
    expect(
      checkAccess(open, { ...base, origin: "http://evil.example" }, { scriptPosts: true }),
    ).toMatchObject({ ok: false, status: 403 });
  });
  it("still needs the token when one is set", () => {
    expect(checkAccess(guarded, base, { scriptPosts: true })).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(
      checkAccess(
        guarded,
        { ...base, authorization: "Bearer a-token-of-sixteen-chars" },
        { scriptPosts: true },
      ),
    ).toEqual({ ok: true });
  });
});
