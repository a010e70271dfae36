// P-2.11: the owner is reminded of an open promise before it falls due (the
// `commitment.remind` job): on the timeline, and by mail when SMTP is set.
import { eq, sql } from 'drizzle-orm';
import { cases, commitments, users } from '../db/schema.ts';
import { queryRows, type Db } from '../db/client.ts';
import { formatCaseNumber } from '../domain/case-lifecycle.ts';
import type { Mailer } from '../channels/email/smtp-sender.ts';
import { appendEvent } from './case-store.ts';
import { SYSTEM } from '../context.ts';

/**
 * Reminds the owner of a promise still open: one `commitment_reminder` event however
 * often it runs (a retry after a crash adds no second one), and a mail to a person
 * (not a service account) when there is a mailer.
 */
export async function remindCommitment(db: Db, input: { commitmentId: string }, opts: { mailer: Mailer | null }): Promise<void> {
  const [c] = await db.select().from(commitments).where(eq(commitments.id, input.commitmentId));
  if (!c || c.status !== 'open') return;
  const [owner] = c.ownerId ? await db.select({ email: users.email, name: users.name, kind: users.kind }).from(users).where(eq(users.id, c.ownerId)) : [];
  const [row] = await db.select({ number: cases.number }).from(cases).where(eq(cases.id, c.caseId));
  const done = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from case_events where case_id = ${c.caseId} and type = 'commitment_reminder' and data->>'commitmentId' = ${c.id}`);
  if (done[0]!.n === 0) await appendEvent(db, c.caseId, SYSTEM, 'commitment_reminder', { commitmentId: c.id, ownerId: c.ownerId, dueAt: c.dueAt.toISOString() });
  if (opts.mailer && owner && owner.kind === 'person') {
    await opts.mailer.send({
      id: `remind-${c.id}`,
      to: owner.email,
      subject: `Promise due ${c.dueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC — ${formatCaseNumber(row?.number ?? 0)}`,
      text: `${owner.name}, you promised: “${c.description}”.\nIt is due at ${c.dueAt.toISOString()}. Keep it, or tell the customer now what will happen instead (P-2.11).`,
    });
  }
}
