// P-3.4, P-3.5: a choice between a gift now and a larger bonus on the next
// purchase, which expires (default 3 months, at most 6). The customer picks
// in the portal; the pick is a loyalty signal.
import { offers } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import { assertNotClosed, type CaseStatus } from '../domain/case-lifecycle.ts';
import { withinAuthority } from '../domain/authority.ts';
import { toMinor, type Money } from '../domain/money.ts';
import { appendEvent, loadSettings, lockCase } from './case-store.ts';
import type { Actor, Services } from './context.ts';

export interface OfferInput {
  giftDescription: string;
  giftValue: Money;
  bonusValue: Money;
  bonusValidMonths?: number;
}

export async function makeOffer(tx: Tx, services: Services, actor: Actor, caseId: string, input: OfferInput): Promise<{ id: string }> {
  if (actor.type !== 'user') throw new AppError('FORBIDDEN', 'only staff make offers');
  const row = await lockCase(tx, caseId);
  assertNotClosed(row.status as CaseStatus);
  const currency = services.config.CURRENCY;
  if (input.giftValue.currency !== currency || input.bonusValue.currency !== currency) {
    throw new AppError('CURRENCY_MISMATCH', `offers are made in the business currency ${currency}`, { expected: currency });
  }
  const gift = toMinor(input.giftValue);
  const bonus = toMinor(input.bonusValue);
  if (bonus <= gift) throw new AppError('VALIDATION_FAILED', 'the bonus must be worth more than the gift (P-3.4)');
  const { authorityLimits } = await loadSettings(tx);
  if (!withinAuthority(actor.role, bonus, authorityLimits)) {
    throw new AppError('AUTHORITY_EXCEEDED', 'this offer is above your authority; ask a supervisor to make it', { limit: authorityLimits[actor.role] });
  }
  const months = Math.min(6, Math.max(1, input.bonusValidMonths ?? 3));
  const expires = new Date();
  expires.setMonth(expires.getMonth() + months);
  const id = newId();
  await tx.insert(offers).values({
    id,
    caseId,
    giftDescription: input.giftDescription,
    giftValue: gift,
    bonusValue: bonus,
    currency,
    bonusExpiresAt: expires,
    createdBy: actor.id,
  });
  await appendEvent(tx, caseId, actor, 'offer_made', { offerId: id, gift: input.giftValue, bonus: input.bonusValue, bonusExpiresAt: expires.toISOString() });
  return { id };
}
