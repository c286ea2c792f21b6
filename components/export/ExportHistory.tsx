"use client";

import { useState } from "react";
import type { ExportManifest } from "@/lib/formats/manifest";
import { ManifestView } from "./ManifestView";

export interface PastExport {
  id: number;
  kind: "sft" | "dpo";
  format: string;
  rowCount: number;
  filePath: string | null;
  fileSha256: string | null;
  createdAt: Date;
  manifest: ExportManifest;
}

/** Past exports, newest first; selecting one shows its manifest. */
export function ExportHistory({ exports }: { exports: PastExport[] }) {
  const [selected, setSelected] = useState<number | null>(null);
  const shown = exports.find((e) => e.id === selected) ?? exports[0];
  if (exports.length === 0)
    return (
      <div className="empty">
        No exports yet. Choose a format and filters above, then Download; CLI exports appear here
        too.
      </div>
    );
  return (
    <div className="split">
      <table className="grid" aria-label="Past exports">
        <thead>
          <tr>
            <th className="num">#</th>
            <th>When</th>
            <th>Kind</th>
            <th>Format</th>
            <th className="num">Rows</th>
            <th>Where</th>
          </tr>
        </thead>
        <tbody>
          {exports.map((e) => (
            <tr
              key={e.id}
              className={e.id === shown?.id ? "selected clickable" : "clickable"}
              aria-selected={e.id === shown?.id}
              onClick={() => setSelected(e.id)}
            >
              <td className="num">
                <button type="button" className="link" onClick={() => setSelected(e.id)}>
                  #{e.id}
                </button>
              </td>
              <td className="nowrap">{e.createdAt.toLocaleString()}</td>
              <td>{e.kind.toUpperCase()}</td>
              <td>{e.format}</td>
              <td className="num">{e.rowCount.toLocaleString()}</td>
              <td className="text-cell" title={e.filePath ?? undefined}>
                {e.filePath ? e.filePath.split(/[\\/]/).pop() : "download"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="detail-pane">{shown ? <ManifestView manifest={shown.manifest} /> : null}</div>
    </div>
  );
}
