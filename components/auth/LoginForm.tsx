"use client";

import { useState, type FormEvent } from "react";

/** Sends the token as JSON (the studio refuses form posts) and follows `next` on success. */
export function LoginForm({ next }: { next: string }) {
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const res = await fetch("/api/auth/login", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ token }),
      });
      if (res.ok) {
        window.location.assign(next);
        return;
      }
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      setError(body?.error?.message ?? `Sign-in failed (HTTP ${res.status}).`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)}>
      <label htmlFor="access-token">Access token</label>
      <input
        id="access-token"
        type="password"
        autoComplete="current-password"
        value={token}
        onChange={(e) => setToken(e.target.value)}
        style={{ width: "100%", margin: "4px 0 8px" }}
      />
      <button type="submit" disabled={pending || token === ""}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      {error ? (
        <div role="alert" className="alert error" style={{ marginTop: 8 }}>
          {error}
        </div>
      ) : null}
    </form>
  );
}
