// Settling mail whose send was cut off by a crash (issue 14): at most once means such a
// message is held as `uncertain` instead of being resent blindly. The mail server knows
// what it accepted; given the Message-IDs it did accept (its log, or its API), this marks
// those sent and, when asked, queues the others again under the same Message-ID.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { messages } from '../../db/schema.ts';
import type { Db, Tx } from '../../db/client.ts';
import { enqueue } from '../../db/jobs.ts';
import { settleDelivery } from './deliver-message.ts';

/** One mail held as uncertain: its Message-ID (as sent) and where it went. */
export interface UncertainMail {
  id: string;
  messageId: string | null;
  recipient: string | null;
  caseId: string;
}

/** The mail now held as uncertain, oldest first (the partial index keeps this cheap at any size). */
export async function listUncertainMail(db: Db, limit = 10_000): Promise<UncertainMail[]> {
  const rows = await db
    .select({ id: messages.id, messageId: messages.externalId, recipient: messages.recipient, caseId: messages.caseId })
    .from(messages)
    .where(eq(messages.deliveryStatus, 'uncertain'))
    .orderBy(messages.createdAt)
    .limit(limit);
  return rows;
}

/**
 * Settles uncertain mail against the Message-IDs the mail server accepted: those are
 * sent; the rest stay uncertain, or with `resendRest` are queued and sent again.
 */
export async function reconcileUncertainMail(db: Db, input: { delivered: string[]; resendRest?: boolean }): Promise<{ confirmed: number; requeued: number; stillUncertain: number }> {
  const delivered = new Set(input.delivered.map((s) => s.trim()).filter(Boolean).map((s) => (s.startsWith('<') ? s : `<${s}>`)));
  const uncertain = await db.select({ id: messages.id, caseId: messages.caseId, kind: messages.kind, externalId: messages.externalId }).from(messages).where(eq(messages.deliveryStatus, 'uncertain'));
  let confirmed = 0;
  const rest: string[] = [];
  for (const m of uncertain) {
    if (m.externalId && delivered.has(m.externalId)) {
      if (await settleDelivery(db, m, 'sent', 'confirmed by the mail server after a cut-off send', 'uncertain')) confirmed++;
    } else rest.push(m.id);
  }
  let requeued = 0;
  if (input.resendRest && rest.length) {
    requeued = await db.transaction(async (t) => {
      const tx = t as Tx;
      const back = await tx
        .update(messages)
        .set({ deliveryStatus: 'queued', deliveryNote: sql`null` })
        .where(and(inArray(messages.id, rest), eq(messages.deliveryStatus, 'uncertain')))
        .returning({ id: messages.id });
      // A fresh job: the first one's dedupe key is spent.
      for (const b of back) await enqueue(tx, 'message.send', { messageId: b.id });
      return back.length;
    });
  }
  return { confirmed, requeued, stillUncertain: rest.length - requeued };
}
