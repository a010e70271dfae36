// The canned replies, searchable by title and text, optionally in one language.
import { and, asc, eq, ilike, or, type SQL } from 'drizzle-orm';
import { cannedReplies } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';

export interface CannedReply {
  id: string;
  language: string;
  title: string;
  body: string;
  updatedAt: string;
}

/** The template as the API shows it. */
export function presentCannedReply(r: typeof cannedReplies.$inferSelect): CannedReply {
  return { id: r.id, language: r.language, title: r.title, body: r.body, updatedAt: r.updatedAt.toISOString() };
}

/** Templates matching the search words (all of them), by language then title; at most 200. */
export async function listCannedReplies(q: Queryable, input: { language?: string; q?: string } = {}): Promise<CannedReply[]> {
  const where: SQL[] = [];
  if (input.language) where.push(eq(cannedReplies.language, input.language));
  for (const word of (input.q ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 8)) {
    const like = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(cannedReplies.title, like), ilike(cannedReplies.body, like))!);
  }
  const rows = await q
    .select()
    .from(cannedReplies)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(cannedReplies.language), asc(cannedReplies.title))
    .limit(200);
  return rows.map(presentCannedReply);
}
