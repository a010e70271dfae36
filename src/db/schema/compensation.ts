// Compensation and its economics: grants and approvals, gift-or-bonus offers, the
// catalog of amends, the bonus ledger and recovery costs (PLAYBOOK §3).
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts, createdAt, money } from './columns.ts';
import { users } from './staff.ts';
import { customers, orders } from './customers.ts';
import { cases } from './cases.ts';

/** The compensation ledger (P-3.1–P-3.3): granted within authority, else pending approval. */
export const compensations = pgTable(
  'compensations',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    kind: text('kind').notNull(),
    value: money('value_minor').notNull(),
    currency: text('currency').notNull(),
    cost: money('cost_minor'),
    description: text('description').notNull(),
    fault: text('fault'),
    status: text('status').notNull(),
    approvalRole: text('approval_role'),
    requestedBy: uuid('requested_by').references(() => users.id),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: ts('decided_at'),
    decisionReason: text('decision_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    index('compensations_case_idx').on(t.caseId),
    index('compensations_customer_idx').on(t.customerId, t.createdAt),
    index('compensations_pending_idx').on(t.createdAt).where(sql`${t.status} = 'pending_approval'`),
    // Authority used per staff member per month (P-3.3) and repeat claimants over a period (P-3.8).
    index('compensations_requester_idx').on(t.requestedBy, t.createdAt),
    // What a staff member granted on their own authority this month (P-3.3), asked at every grant
    // (authority-usage.ts): read from the index alone (the value is in it), not one heap row per grant.
    index('compensations_self_granted_idx').on(t.requestedBy, t.decidedBy, t.createdAt, t.value).where(sql`${t.status} = 'granted'`),
    index('compensations_granted_created_idx').on(t.createdAt, t.customerId).where(sql`${t.status} = 'granted'`),
    check('compensations_status_ck', sql`${t.status} in ('granted','pending_approval','rejected')`),
    check('compensations_kind_ck', sql`${t.kind} in ('gift','bonus','refund','replacement','discount','voucher')`),
  ],
);

/** A gift-now-or-bonus-later offer (P-3.4, P-3.5) the customer picks in the portal. */
export const offers = pgTable(
  'offers',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    giftDescription: text('gift_description').notNull(),
    giftValue: money('gift_value_minor').notNull(),
    /** What the gift costs the business (from the catalog), for the return on recovery (P-3.7). */
    giftCost: money('gift_cost_minor'),
    /** P-3.7: gift and bonus together, not a choice. */
    double: boolean('double').notNull().default(false),
    bonusValue: money('bonus_value_minor').notNull(),
    currency: text('currency').notNull(),
    bonusExpiresAt: ts('bonus_expires_at').notNull(),
    status: text('status').notNull().default('open'),
    choice: text('choice'),
    chosenAt: ts('chosen_at'),
    compensationId: uuid('compensation_id').references(() => compensations.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('offers_case_idx').on(t.caseId),
    // The gift-or-bonus report (P-3.4) reads chosen offers by the time of the choice.
    index('offers_chosen_idx').on(t.chosenAt).where(sql`${t.status} = 'chosen'`),
  ],
);

/** The catalog of amends (P-3.2): what this business gives, at its cost and its value to the customer. */
export const catalogItems = pgTable(
  'catalog_items',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    cost: money('cost_minor').notNull(),
    value: money('value_minor').notNull(),
    currency: text('currency').notNull(),
    /** The preset it came from (restaurant, bookshop …), null when added by hand. */
    preset: text('preset'),
    /** Replaces or re-makes the product: offered first for a visible defect (P-2.10). */
    remedy: boolean('remedy').notNull().default(false),
    active: boolean('active').notNull().default(true),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('catalog_items_list_idx').on(t.position, t.id),
    check('catalog_items_kind_ck', sql`${t.kind} in ('gift','bonus','refund','replacement','discount','voucher')`),
    check('catalog_items_money_ck', sql`${t.cost} >= 0 and ${t.value} > 0`),
  ],
);

/** The bonus ledger (P-3.5): issued from a granted bonus, redeemed against a later order, or expired. */
export const bonuses = pgTable(
  'bonuses',
  {
    id: uuid('id').primaryKey(),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    compensationId: uuid('compensation_id').notNull().references(() => compensations.id),
    amount: money('amount_minor').notNull(),
    currency: text('currency').notNull(),
    status: text('status').notNull().default('active'),
    issuedAt: ts('issued_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    redeemedOrderId: uuid('redeemed_order_id').references(() => orders.id),
    /** What the bonus took off the order: at most the order's total. */
    redeemed: money('redeemed_minor'),
    redeemedAt: ts('redeemed_at'),
    expiredAt: ts('expired_at'),
  },
  (t) => [
    uniqueIndex('bonuses_compensation_uq').on(t.compensationId),
    index('bonuses_customer_idx').on(t.customerId, t.issuedAt, t.id),
    index('bonuses_case_idx').on(t.caseId),
    index('bonuses_issued_idx').on(t.issuedAt),
    index('bonuses_active_expiry_idx').on(t.expiresAt).where(sql`${t.status} = 'active'`),
    uniqueIndex('bonuses_order_uq').on(t.redeemedOrderId),
    check('bonuses_status_ck', sql`${t.status} in ('active','redeemed','expired')`),
  ],
);

/** What a recovery cost beyond the compensation: overtime, rework, delivery (P-3.7). */
export const recoveryCosts = pgTable(
  'recovery_costs',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    kind: text('kind').notNull(),
    amount: money('amount_minor').notNull(),
    currency: text('currency').notNull(),
    description: text('description'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('recovery_costs_case_idx').on(t.caseId),
    check('recovery_costs_kind_ck', sql`${t.kind} in ('overtime','rework','delivery','other')`),
    check('recovery_costs_amount_ck', sql`${t.amount} > 0`),
  ],
);
