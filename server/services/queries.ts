import "server-only";
import { and, asc, count, eq, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { containsText } from "@/db/textMatch";
import { queries } from "@/db/schema";
import { getProject } from "./projects";

export interface QueryListInput {
  projectId: number;
  search?: string;
  offset: number;
  limit: number;
}

/** A page of a project's query pool in import order, optionally those containing `search` literally, with the total. */
export function listQueries(db: Db, input: QueryListInput) {
  getProject(db, input.projectId);
  const filters: SQL[] = [eq(queries.projectId, input.projectId)];
  if (input.search?.trim()) filters.push(containsText(queries.text, input.search.trim()));
  const where = and(...filters);
  const total = db.select({ n: count() }).from(queries).where(where).get()?.n ?? 0;
  const rows = db
    .select({
      id: queries.id,
      text: queries.text,
      length: queries.length,
      sourceFile: queries.sourceFile,
      sourceLine: queries.sourceLine,
    })
    .from(queries)
    .where(where)
    .orderBy(asc(queries.id))
    .limit(input.limit)
    .offset(input.offset)
    .all();
  return { total, rows };
}
