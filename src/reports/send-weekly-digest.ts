// The weekly digest (P-4.6): every Monday morning heads and supervisors get last week's key
// figures beside the week before, each in their own language. One durable job per week
// (`report.digest`, deduplicated by the week), so a worker restart never sends it twice
// and a failed send is retried.
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Queryable } from '../db/client.ts';
import { enqueue } from '../db/jobs.ts';
import { SYSTEM } from '../context.ts';
import type { Mailer } from '../channels/email/smtp-sender.ts';
import { renderDigest, type DigestFigures } from '../domain/digest.ts';
import { getTrends } from './get-trends.ts';

const DAY = 86_400_000;

/** The Monday (UTC) of the week `at` falls in, as YYYY-MM-DD. */
export function mondayOf(at: Date): string {
  const d = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const dow = (new Date(d).getUTCDay() + 6) % 7;
  return new Date(d - dow * DAY).toISOString().slice(0, 10);
}

/** Enqueues this week's digest (about last week) to run on Monday at 07:00 UTC; a no-op once enqueued. */
export async function scheduleWeeklyDigest(q: Queryable, now = new Date()): Promise<void> {
  const week = mondayOf(now);
  await enqueue(q, 'report.digest', { weekStart: week }, { dedupeKey: `report.digest:${week}`, runAt: new Date(Date.parse(`${week}T07:00:00Z`)) });
}

const EMPTY: DigestFigures = { cases: 0, dissatisfiedShare: null, slaMet: null, firstResponseP50Minutes: null, resolutionP50Minutes: null, compensationCost: 0, recoveryRate: null };

/** Sends the digest about the week before `weekStart` (and compares it with the week before that) to every active head and supervisor. */
export async function sendWeeklyDigest(db: Db, input: { weekStart: string }, ctx: { mailer: Mailer | null; currency: string }): Promise<{ sent: number }> {
  if (!ctx.mailer) return { sent: 0 };
  const end = Date.parse(`${input.weekStart}T00:00:00Z`);
  const { items } = await getTrends(db, SYSTEM, { from: new Date(end - 14 * DAY), to: new Date(end), interval: 'week' }, { currency: ctx.currency });
  const lastWeek = new Date(end - 7 * DAY).toISOString().slice(0, 10);
  const before = new Date(end - 14 * DAY).toISOString().slice(0, 10);
  const pick = (p: string): DigestFigures => {
    const i = items.find((x) => x.period === p);
    return i ? { ...i } : EMPTY;
  };
  const readers = await queryRows<{ id: string; email: string; languages: string[] }>(
    db,
    sql`select id, email, languages from users where active and kind = 'person' and role in ('head', 'supervisor') order by email`,
  );
  for (const r of readers) {
    const mail = renderDigest(r.languages[0] ?? 'en', lastWeek, pick(lastWeek), pick(before), ctx.currency);
    // The id makes the Message-ID stable: a retried job sends the same message, which mail servers recognise.
    await ctx.mailer.send({ id: `digest-${input.weekStart}-${r.id}`, to: r.email, subject: mail.subject, text: mail.text, autoSubmitted: 'auto-generated' });
  }
  return { sent: readers.length };
}
