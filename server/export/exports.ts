import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { exports } from "@/db/schema";
import type { ExportManifest } from "@/lib/formats/manifest";
import type { RlvrManifest } from "@/lib/rl/rlvrFormats";

const columns = {
  id: exports.id,
  kind: exports.kind,
  format: exports.format,
  rowCount: exports.rowCount,
  filePath: exports.filePath,
  fileSha256: exports.fileSha256,
  manifest: exports.manifest,
  createdAt: exports.createdAt,
};

/** The project's past SFT and DPO exports, newest first, each with its manifest (RLVR ones: listRlvrExports). */
export function listExports(db: Db, projectId: number, limit = 100) {
  return db
    .select(columns)
    .from(exports)
    .where(and(eq(exports.projectId, projectId), inArray(exports.kind, ["sft", "dpo"])))
    .orderBy(desc(exports.id))
    .limit(limit)
    .all()
    .map((r) => ({ ...r, kind: r.kind as "sft" | "dpo", manifest: r.manifest as ExportManifest }));
}

/** The project's past RLVR exports, newest first. */
export function listRlvrExports(db: Db, projectId: number, limit = 100) {
  return db
    .select(columns)
    .from(exports)
    .where(and(eq(exports.projectId, projectId), eq(exports.kind, "rlvr")))
    .orderBy(desc(exports.id))
    .limit(limit)
    .all()
    .map((r) => ({ ...r, manifest: r.manifest as RlvrManifest }));
}
