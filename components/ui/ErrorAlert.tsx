"use client";

import { problemsOf } from "../trpc/problems";

/** Shows a failed request's message and every located problem (line or field) as text. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const { message, problems } = problemsOf(error);
  const located = problems.filter((p) => p.line !== undefined || p.field !== undefined);
  return (
    <div role="alert" className="alert error">
      {title ? <strong>{title}: </strong> : null}
      {message}
      {located.length > 1 ? (
        <ul>
          {located.map((p, i) => (
            <li key={i}>
              {p.line !== undefined ? `Line ${p.line}` : p.field}
              {p.line !== undefined && p.field ? ` (field "${p.field}")` : ""}: {p.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
