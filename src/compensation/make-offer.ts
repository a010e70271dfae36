// P-3.4, P-3.5: a choice between a gift now and a larger bonus on the next
// purchase, which expires (default 3 months, at most 6). The bonus is computed
// from the problem order (default 10%) unless staff name it; the gift may come
// from the catalog (P-3.2). The customer picks in the portal; the pick is a
// loyalty signal. P-3.7: `double` grants gift and bonus together at once, each
// through the authority rules, so above the limit it waits for the head.
import { eq } from 'drizzle-orm';
import { catalogItems, offers, orders } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import { assertNotClosed, type CaseStatus } from '../domain/case-lifecycle.ts';
import { decideWithUsage } from '../domain/authority.ts';
import { fromMinor, toMinor, type Money } from '../domain/money.ts';
import { bonusExpiry, bonusFor } from '../domain/economics.ts';
import { appendEvent, isUuid, lockCaseToAct } from '../cases/case-store.ts';
import type { Actor, Services } from '../context.ts';
import { authorityUsage, customerTier, limitsFor } from './authority-usage.ts';
import { grantCompensation } from './grant-compensation.ts';
import { loadSettings } from '../settings/business-settings.ts';

export interface OfferInput {
  giftDescription?: string;
  giftValue?: Money;
  catalogItemId?: string;
  bonusValue?: Money;
  bonusValidMonths?: number;
  double?: boolean;
}

export interface OfferResult {
  id: string;
  gift: { description: string; value: Money; cost: Money | null };
  bonus: { value: Money; basis: 'problem_order' | 'given'; expiresAt: string };
  double: boolean;
  compensationIds: string[];
}

export async function makeOffer(tx: Tx, actor: Actor, input: { caseId: string } & OfferInput, opts: { services: Services }): Promise<OfferResult> {
  const { caseId } = input;
  const { services } = opts;
  if (actor.type !== 'user') throw new AppError('FORBIDDEN', 'only staff make offers');
  const row = await lockCaseToAct(tx, actor, caseId);
  assertNotClosed(row.status as CaseStatus);
  const currency = services.config.CURRENCY;
  for (const m of [input.giftValue, input.bonusValue]) {
    if (m && m.currency !== currency) throw new AppError('CURRENCY_MISMATCH', `offers are made in the business currency ${currency}`, { expected: currency });
  }
  const settings = await loadSettings(tx);
  const { economics } = settings;

  // The gift: from the catalog, or described by staff.
  let giftDescription = input.giftDescription?.trim() ?? '';
  let gift = input.giftValue ? toMinor(input.giftValue) : null;
  let giftCost: number | null = null;
  if (input.catalogItemId) {
    const [item] = isUuid(input.catalogItemId) ? await tx.select().from(catalogItems).where(eq(catalogItems.id, input.catalogItemId)) : [];
    if (!item || !item.active) throw new AppError('CATALOG_ITEM_NOT_FOUND', 'no such catalog item');
    giftDescription ||= item.name;
    gift ??= item.value;
    giftCost = item.cost;
  }
  if (!giftDescription || gift === null) throw new AppError('VALIDATION_FAILED', 'name the gift (giftDescription and giftValue) or pick a catalog item');
  if (gift <= 0) throw new AppError('VALIDATION_FAILED', 'the gift must be worth more than zero');

  // The bonus: given, or a share of the problem order (P-3.5).
  let bonus: number;
  let basis: 'problem_order' | 'given' = 'given';
  if (input.bonusValue) bonus = toMinor(input.bonusValue);
  else {
    const [order] = row.orderId ? await tx.select().from(orders).where(eq(orders.id, row.orderId)) : [];
    if (!order) throw new AppError('NO_ORDER_HISTORY', 'the case names no known order to compute the bonus from; give bonusValue');
    bonus = bonusFor(order.total, economics.bonusPercent);
    basis = 'problem_order';
  }
  if (bonus <= gift) {
    throw new AppError('BONUS_NOT_MORE_THAN_GIFT', 'the bonus must be worth more than the gift (P-3.4)', { gift: fromMinor(gift, currency), bonus: fromMinor(bonus, currency) });
  }
  const expires = bonusExpiry(new Date(), input.bonusValidMonths ?? economics.bonusValidMonths);
  const id = newId();
  const double = input.double ?? false;
  if (!double) {
    // A choice: the customer takes one of the two, so the larger must be within the maker's authority (P-3.3).
    const usage = await authorityUsage(tx, actor.id, caseId);
    const limits = limitsFor(settings, await customerTier(tx, row.customerId));
    const decision = decideWithUsage(actor.role, bonus, usage, limits.perCase, limits.perMonth);
    if (decision.status !== 'granted') {
      throw new AppError('AUTHORITY_EXCEEDED', 'this offer is above your authority; ask a supervisor to make it', {
        limit: limits.perCase[actor.role],
        requiredRole: decision.approvalRole,
        reason: decision.reason,
      });
    }
  }
  await tx.insert(offers).values({
    id,
    caseId,
    giftDescription,
    giftValue: gift,
    giftCost,
    double,
    bonusValue: bonus,
    currency,
    bonusExpiresAt: expires,
    createdBy: actor.id,
    ...(double ? { status: 'chosen', choice: 'both', chosenAt: new Date() } : {}),
  });
  const giftMoney = fromMinor(gift, currency);
  const bonusMoney = fromMinor(bonus, currency);
  await appendEvent(tx, caseId, actor, 'offer_made', { offerId: id, gift: giftMoney, bonus: bonusMoney, basis, double, bonusExpiresAt: expires.toISOString() });
  const compensationIds: string[] = [];
  if (double) {
    const g = await grantCompensation(tx, actor, { caseId, kind: 'gift', value: giftMoney, description: giftDescription, ...(giftCost !== null ? { cost: fromMinor(giftCost, currency) } : {}) }, { services });
    const b = await grantCompensation(tx, actor, { caseId, kind: 'bonus', value: bonusMoney, description: `Bonus on the next order, valid until ${expires.toISOString().slice(0, 10)}`, bonusExpiresAt: expires }, { services });
    compensationIds.push(g.id, b.id);
    await tx.update(offers).set({ compensationId: b.id }).where(eq(offers.id, id));
  }
  return {
    id,
    gift: { description: giftDescription, value: giftMoney, cost: giftCost === null ? null : fromMinor(giftCost, currency) },
    bonus: { value: bonusMoney, basis, expiresAt: expires.toISOString() },
    double,
    compensationIds,
  };
}
