// The reviews kept from every source (P-1.6), newest first, cursor paged by id.
import { and, desc, eq, lt } from 'drizzle-orm';
import { reviews } from '../../db/schema.ts';
import type { Queryable } from '../../db/client.ts';

/** One page of reviews, optionally from one source. */
export async function listReviews(q: Queryable, input: { source?: string; cursor?: string; limit: number }) {
  const { source, cursor, limit } = input;
  const rows = await q
    .select()
    .from(reviews)
    .where(and(source ? eq(reviews.source, source) : undefined, cursor ? lt(reviews.id, cursor) : undefined))
    .orderBy(desc(reviews.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({ ...r, postedAt: r.postedAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString() })),
    nextCursor: rows.length > limit ? page.at(-1)!.id : null,
  };
}
