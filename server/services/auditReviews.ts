import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { writeTransaction, type Db } from "@/db/client";
import { instructions, reviews, verifiers } from "@/db/schema";
import { NotFoundError } from "../errors";
import { instructionOfVerifier } from "@/db/projectScope";

export type AuditItemKind = "instruction" | "verifier";

export interface AuditVerdictInput {
  itemKind: AuditItemKind;
  itemId: number;
  verdict: "approve" | "reject" | "clear";
  reason?: string | null;
  reviewer: string;
}

const statusAfter = { approve: "approved", reject: "rejected", clear: "unreviewed" } as const;

function projectOf(db: Db, kind: AuditItemKind, id: number): number {
  const row =
    kind === "instruction"
      ? db.select({ projectId: instructions.projectId }).from(instructions).where(eq(instructions.id, id)).get()
      : db.select({ projectId: instructions.projectId }).from(verifiers).innerJoin(instructions, instructionOfVerifier()).where(eq(verifiers.id, id)).get();
  if (!row) throw new NotFoundError(`The ${kind} ${id} does not exist.`);
  return row.projectId;
}

/** Appends a reviewer's verdict on an instruction or a verifier and sets its review status, together. */
export function reviewAuditItem(db: Db, input: AuditVerdictInput) {
  const projectId = projectOf(db, input.itemKind, input.itemId);
  const reviewStatus = statusAfter[input.verdict];
  writeTransaction(db, (tx) => {
    tx.insert(reviews).values({ projectId, itemKind: input.itemKind, itemId: input.itemId, verdict: input.verdict, reason: input.reason?.trim() || null, reviewer: input.reviewer }).run();
    if (input.itemKind === "instruction") tx.update(instructions).set({ reviewStatus }).where(eq(instructions.id, input.itemId)).run();
    else tx.update(verifiers).set({ reviewStatus }).where(eq(verifiers.id, input.itemId)).run();
  });
  return { reviewStatus };
}

/** The verdicts on one instruction or verifier, newest first. */
export function auditReviewHistory(db: Db, itemKind: AuditItemKind, itemId: number) {
  return db
    .select({ id: reviews.id, verdict: reviews.verdict, reason: reviews.reason, reviewer: reviews.reviewer, createdAt: reviews.createdAt })
    .from(reviews)
    .where(and(eq(reviews.itemKind, itemKind), eq(reviews.itemId, itemId)))
    .orderBy(desc(reviews.id))
    .limit(50)
    .all()
    .map((r) => ({ ...r, createdAt: r.createdAt.getTime() }));
}
