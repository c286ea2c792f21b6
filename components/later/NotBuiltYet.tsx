import type { ReactNode } from "react";

/** A plain statement that an area is not built yet and what it will hold; no fake content. */
export function NotBuiltYet(props: { title: string; children: ReactNode }) {
  return (
    <main className="page later-page">
      <h1>{props.title}</h1>
      <div className="alert info" role="status">
        Not built yet. This page has no data behind it in this version of the studio.
      </div>
      <div className="panel">
        <h2>What will be here</h2>
        {props.children}
      </div>
    </main>
  );
}
