// P-4.5: news from the business to every departed customer who may be contacted,
// one touch each, sent by durable jobs.
import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.ts';
import { touchInsert } from './sweep-keep-in-touch.ts';

/** News an admin sends to every departed customer (optionally only those of one language). */
export async function sendNews(q: Queryable, actorId: string | null, input: { id: string; subject: string; body: string; language?: string }): Promise<{ added: number; queued: number }> {
  const where = input.language ? sql`coalesce(c.language, 'en') = ${input.language}` : sql`true`;
  const [r] = await queryRows<{ added: number; queued: number }>(q, touchInsert('news', sql`${`news:${input.id}`}`, where, { subject: input.subject, body: input.body, createdBy: actorId }));
  return r!;
}
