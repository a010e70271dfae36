// Settling mail whose send was cut off by a crash (issue 14): at most once means such a
// message is held as `uncertain` instead of being resent blindly. The mail server knows
// what it accepted; given the Message-IDs it did accept (its log, or its API), this marks
// those sent and, when asked, queues the others again under the same Message-ID.
// Case mail (`messages`) and keep-in-touch mail (`customer_touches`) are both held so.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { customerTouches, messages } from '../../db/schema.ts';
import type { Db, Tx } from '../../db/client.ts';
import { enqueue } from '../../db/jobs.ts';
import { settleDelivery } from './deliver-message.ts';

/** One mail held as uncertain: its Message-ID (as sent), where it went, and what it was (case mail or a touch). */
export interface UncertainMail {
  id: string;
  kind: 'message' | 'touch';
  messageId: string | null;
  recipient: string | null;
}

/** The mail now held as uncertain, oldest first (the partial index keeps this cheap at any size). */
export async function listUncertainMail(db: Db, limit = 10_000): Promise<UncertainMail[]> {
  const rows = await db
    .select({ id: messages.id, messageId: messages.externalId, recipient: messages.recipient })
    .from(messages)
    .where(eq(messages.deliveryStatus, 'uncertain'))
    .orderBy(messages.createdAt)
    .limit(limit);
  const touches = await db
    .select({ id: customerTouches.id, messageId: customerTouches.externalId, recipient: customerTouches.recipient })
    .from(customerTouches)
    .where(eq(customerTouches.deliveryStatus, 'uncertain'))
    .orderBy(customerTouches.createdAt)
    .limit(limit);
  return [...rows.map((r) => ({ ...r, kind: 'message' as const })), ...touches.map((r) => ({ ...r, kind: 'touch' as const }))];
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
  const touches = await reconcileTouches(db, delivered, !!input.resendRest);
  return { confirmed: confirmed + touches.confirmed, requeued: requeued + touches.requeued, stillUncertain: rest.length - requeued + touches.stillUncertain };
}

/** The same settling for keep-in-touch mail: accepted ones are sent, the rest held or queued again. */
async function reconcileTouches(db: Db, delivered: Set<string>, resendRest: boolean): Promise<{ confirmed: number; requeued: number; stillUncertain: number }> {
  const uncertain = await db.select({ id: customerTouches.id, externalId: customerTouches.externalId }).from(customerTouches).where(eq(customerTouches.deliveryStatus, 'uncertain'));
  const accepted = uncertain.filter((t) => t.externalId && delivered.has(t.externalId)).map((t) => t.id);
  const rest = uncertain.filter((t) => !accepted.includes(t.id)).map((t) => t.id);
  const confirmed = accepted.length
    ? (
        await db
          .update(customerTouches)
          .set({ deliveryStatus: 'sent', deliveryNote: 'confirmed by the mail server after a cut-off send', sentAt: new Date() })
          .where(and(inArray(customerTouches.id, accepted), eq(customerTouches.deliveryStatus, 'uncertain')))
          .returning({ id: customerTouches.id })
      ).length
    : 0;
  if (!resendRest || !rest.length) return { confirmed, requeued: 0, stillUncertain: rest.length };
  const requeued = await db.transaction(async (t) => {
    const tx = t as Tx;
    const back = await tx
      .update(customerTouches)
      .set({ deliveryStatus: 'queued', deliveryNote: sql`null` })
      .where(and(inArray(customerTouches.id, rest), eq(customerTouches.deliveryStatus, 'uncertain')))
      .returning({ id: customerTouches.id });
    // A fresh job: the first one's dedupe key is spent.
    for (const b of back) await enqueue(tx, 'touch.send', { touchId: b.id });
    return back.length;
  });
  return { confirmed, requeued, stillUncertain: rest.length - requeued };
}
