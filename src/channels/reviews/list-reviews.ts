// The reviews kept from every source (P-1.6), newest first, cursor paged by id,
// each with its case and the reply clock (three business days): replied once
// the clock is met, late once it breached.
import { and, desc, eq, lt } from 'drizzle-orm';
import { cases, clocks, reviews } from '../../db/schema.ts';
import type { Queryable } from '../../db/client.ts';
import { formatCaseNumber } from '../../domain/case-lifecycle.ts';

/** One page of reviews, optionally from one source. */
export async function listReviews(q: Queryable, input: { source?: string; cursor?: string; limit: number }) {
  const { source, cursor, limit } = input;
  const rows = await q
    .select({ review: reviews, caseNumber: cases.number, caseStatus: cases.status, clockDue: clocks.dueAt, clockStatus: clocks.status, clockStopped: clocks.stoppedAt })
    .from(reviews)
    .leftJoin(cases, eq(cases.id, reviews.caseId))
    .leftJoin(clocks, and(eq(clocks.caseId, reviews.caseId), eq(clocks.kind, 'review-response')))
    .where(and(source ? eq(reviews.source, source) : undefined, cursor ? lt(reviews.id, cursor) : undefined))
    .orderBy(desc(reviews.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    items: page.map(({ review: r, ...k }) => ({
      ...r,
      postedAt: r.postedAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
      caseNumber: k.caseNumber !== null ? formatCaseNumber(k.caseNumber) : null,
      caseStatus: k.caseStatus,
      reply: k.clockDue ? { dueAt: k.clockDue.toISOString(), status: k.clockStatus!, repliedAt: k.clockStatus === 'met' ? (k.clockStopped?.toISOString() ?? null) : null } : null,
    })),
    nextCursor: rows.length > limit ? page.at(-1)!.review.id : null,
  };
}
