// P-4.1, P-4.2: about 30 days after resolution the owner asks the customer how
// things are (the `follow_up.due` job). A case reopened in the meantime is not
// asked "is everything fine?": its follow-up is cancelled instead.
import { and, eq } from 'drizzle-orm';
import { customers, followUps, users } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { publicUrl, type Config } from '../config.ts';
import { formatCaseNumber } from '../domain/case-lifecycle.ts';
import { renderFollowUp } from '../domain/acknowledgement.ts';
import { issuePortalToken, portalUrlFor } from '../portal/portal-tokens.ts';
import { mailCustomer } from '../customers/customer-mail.ts';
import { appendEvent, lockCase } from './case-store.ts';
import { SYSTEM } from '../context.ts';

/**
 * Sends a scheduled follow-up once (idempotent: only a scheduled one is done), in the
 * case's language, with a portal link when the public URL is known (`config`), and
 * asks a reviewer to update their review (P-4.2).
 */
export async function sendFollowUp(tx: Tx, input: { followUpId: string }, opts: { config: Config | null }): Promise<void> {
  const config = opts.config;
  const [f] = await tx.select().from(followUps).where(and(eq(followUps.id, input.followUpId), eq(followUps.status, 'scheduled')));
  if (!f) return;
  const row = await lockCase(tx, f.caseId);
  if (row.status !== 'resolved' && row.status !== 'closed') {
    await tx.update(followUps).set({ status: 'cancelled' }).where(eq(followUps.id, f.id));
    await appendEvent(tx, f.caseId, SYSTEM, 'follow_up_cancelled', { followUpId: f.id, reason: `the case is ${row.status} again` });
    return;
  }
  await tx.update(followUps).set({ status: 'done', doneAt: new Date() }).where(eq(followUps.id, f.id));
  await appendEvent(tx, f.caseId, SYSTEM, 'follow_up_due', { followUpId: f.id, ownerId: row.ownerId });
  const [customer] = await tx.select({ name: customers.name }).from(customers).where(eq(customers.id, row.customerId));
  const [owner] = row.ownerId ? await tx.select({ name: users.name }).from(users).where(eq(users.id, row.ownerId)) : [];
  const token = config ? await issuePortalToken(tx, row.id, config.PORTAL_LINK_DAYS) : null;
  const text = renderFollowUp(row.language, {
    customerName: customer?.name ?? null,
    caseNumber: formatCaseNumber(row.number),
    ownerName: owner?.name ?? config?.BUSINESS_NAME ?? 'Amends',
    portalUrl: token && config ? portalUrlFor(publicUrl(config), token) : null,
    askToUpdateReview: row.channel === 'review' || row.channel === 'social',
  });
  const { messageId, queued } = await mailCustomer(tx, {
    caseId: row.id,
    customerId: row.customerId,
    kind: 'follow_up',
    language: row.language,
    ...text,
    withoutEmail: 'call them instead',
  });
  await appendEvent(tx, row.id, SYSTEM, 'follow_up_sent', { followUpId: f.id, messageId, delivered: queued ? 'queued' : 'not_sent' });
}
