// The customer's pick between gift and bonus (P-3.4) becomes a granted
// compensation under the authority of whoever made the offer; a bonus enters
// the ledger with the offer's expiry (P-3.5). The pick is a loyalty signal.
import { and, desc, eq } from 'drizzle-orm';
import { compensations, offers } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import { fromMinor } from '../domain/money.ts';
import { appendEvent, lockCaseToAct } from '../cases/case-store.ts';
import type { Actor } from '../context.ts';
import { issueBonus } from './issue-bonus.ts';

export async function chooseOffer(tx: Tx, actor: Actor, input: { caseId: string; choice: 'gift' | 'bonus' }): Promise<{ compensationId: string }> {
  const { caseId, choice } = input;
  const row = await lockCaseToAct(tx, actor, caseId);
  const [offer] = await tx
    .select()
    .from(offers)
    .where(and(eq(offers.caseId, caseId), eq(offers.status, 'open')))
    .orderBy(desc(offers.createdAt))
    .limit(1);
  if (!offer) throw new AppError('OFFER_NOT_FOUND', 'there is no open offer on this case');
  const compensationId = newId();
  const value = choice === 'gift' ? offer.giftValue : offer.bonusValue;
  await tx.insert(compensations).values({
    id: compensationId,
    caseId,
    customerId: row.customerId,
    kind: choice,
    value,
    currency: offer.currency,
    cost: choice === 'gift' ? offer.giftCost : null,
    description: choice === 'gift' ? offer.giftDescription : `Bonus on the next order, valid until ${offer.bonusExpiresAt.toISOString().slice(0, 10)}`,
    status: 'granted',
    requestedBy: offer.createdBy,
    decidedBy: offer.createdBy,
    decidedAt: new Date(),
  });
  await tx.update(offers).set({ status: 'chosen', choice, chosenAt: new Date(), compensationId }).where(eq(offers.id, offer.id));
  await appendEvent(tx, caseId, actor, 'offer_chosen', { offerId: offer.id, choice, loyaltySignal: choice === 'bonus' });
  await appendEvent(tx, caseId, actor, 'compensation_granted', {
    compensationId,
    kind: choice,
    value: fromMinor(value, offer.currency),
    viaOffer: offer.id,
  });
  await issueBonus(
    tx,
    actor,
    { id: compensationId, caseId, customerId: row.customerId, kind: choice, value, currency: offer.currency, status: 'granted' },
    offer.bonusExpiresAt,
  );
  return { compensationId };
}
