import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { instructions, reviews, verifiers } from "@/db/schema";
import { NotFoundError } from "../errors";
import { instructionOfVerifier } from "@/db/projectScope";
import { recordVerdicts, statusAfter } from "./reviews";

export type AuditItemKind = "instruction" | "verifier";

export interface AuditVerdictInput {
  itemKind: AuditItemKind;
  itemId: number;
  verdict: "approve" | "reject" | "clear";
  reason?: string | null;
  reviewer: string;
}

function projectOf(db: Db, kind: AuditItemKind, id: number): number {
  const row =
    kind === "instruction"
      ? db
          .select({ projectId: instructions.projectId })
          .from(instructions)
          .where(eq(instructions.id, id))
          .get()
      : db
          .select({ projectId: instructions.projectId })
          .from(verifiers)
          .innerJoin(instructions, instructionOfVerifier())
          .where(eq(verifiers.id, id))
          .get();
  if (!row) throw new NotFoundError(`The ${kind} ${id} does not exist.`);
  return row.projectId;
}

/**
 * A reviewer's verdict on an instruction or a verifier, recorded as the review pages record theirs:
 * one batch (history row and review status together) that review.undo takes back.
 */
export function reviewAuditItem(db: Db, input: AuditVerdictInput) {
  const projectId = projectOf(db, input.itemKind, input.itemId);
  const recorded = recordVerdicts(db, {
    projectId,
    itemKind: input.itemKind,
    itemIds: [input.itemId],
    verdict: input.verdict,
    reason: input.reason,
    reviewer: input.reviewer,
  });
  return { reviewStatus: statusAfter[input.verdict], projectId, ...recorded };
}

/** The verdicts on one instruction or verifier, newest first. */
export function auditReviewHistory(db: Db, itemKind: AuditItemKind, itemId: number) {
  return db
    .select({
      id: reviews.id,
      verdict: reviews.verdict,
      reason: reviews.reason,
      reviewer: reviews.reviewer,
      createdAt: reviews.createdAt,
      undo: sql<number>`${reviews.undoesBatchId} is not null`,
    })
    .from(reviews)
    .where(and(eq(reviews.itemKind, itemKind), eq(reviews.itemId, itemId)))
    .orderBy(desc(reviews.id))
    .limit(50)
    .all()
    .map((r) => ({ ...r, createdAt: r.createdAt.getTime() }));
}
