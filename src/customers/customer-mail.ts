// Mail Amends writes to a customer on its own (a follow-up, a granted service
// guarantee, a bonus about to expire): recorded on the case as an outbound
// message and sent after commit by a durable `message.send` job. Without an
// email address the message is recorded as not sent, saying what to do instead.
import { and, asc, eq } from 'drizzle-orm';
import { customerContacts, messages } from '../db/schema.ts';
import type { Queryable, Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { enqueue } from '../db/jobs.ts';

/** The customer's first email address (the one they gave first), if any. */
export async function primaryEmail(q: Queryable, customerId: string): Promise<string | null> {
  const [c] = await q
    .select({ value: customerContacts.value })
    .from(customerContacts)
    .where(and(eq(customerContacts.customerId, customerId), eq(customerContacts.kind, 'email')))
    .orderBy(asc(customerContacts.createdAt))
    .limit(1);
  return c?.value ?? null;
}

export interface CustomerMail {
  caseId: string;
  customerId: string;
  /** The message kind: follow_up, guarantee, bonus_reminder … */
  kind: string;
  language: string;
  subject: string;
  body: string;
  /** What staff should do when there is no address ("call them instead"). */
  withoutEmail: string;
}

/** Records the mail on the case and queues it; returns its id and whether it will be sent. */
export async function mailCustomer(tx: Tx, mail: CustomerMail): Promise<{ messageId: string; queued: boolean }> {
  const email = await primaryEmail(tx, mail.customerId);
  const messageId = newId();
  await tx.insert(messages).values({
    id: messageId,
    caseId: mail.caseId,
    direction: 'outbound',
    channel: 'email',
    kind: mail.kind,
    subject: mail.subject,
    body: mail.body,
    language: mail.language,
    recipient: email,
    deliveryStatus: email ? 'queued' : 'not_sent',
    deliveryNote: email ? null : `the customer has no email address; ${mail.withoutEmail}`,
  });
  if (email) await enqueue(tx, 'message.send', { messageId }, { dedupeKey: `message.send:${messageId}` });
  return { messageId, queued: email !== null };
}
