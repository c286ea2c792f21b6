import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { exports } from "@/db/schema";
import type { ExportManifest } from "@/lib/formats/manifest";

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

/** The project's past exports, newest first, each with its manifest. */
export function listExports(db: Db, projectId: number, limit = 100) {
  return db
    .select(columns)
    .from(exports)
    .where(eq(exports.projectId, projectId))
    .orderBy(desc(exports.id))
    .limit(limit)
    .all()
    .map((r) => ({ ...r, manifest: r.manifest as ExportManifest }));
}
