// Customers with their contacts and orders, keep-in-touch touches, and manager
// reviews of a customer (P-3.8, P-3.9, P-4.5).
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts, createdAt, money } from './columns.ts';
import { users } from './staff.ts';

export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey(),
    name: text('name'),
    language: text('language'),
    externalRef: text('external_ref'),
    tier: text('tier').notNull().default('standard'),
    // Value figures (P-2.7, P-3.7): what the customer is worth, kept current by orders.
    lifetimeValue: money('lifetime_value_minor').notNull().default(0),
    orderCount: integer('order_count').notNull().default(0),
    currency: text('currency').notNull(),
    status: text('status').notNull().default('active'),
    departedAt: ts('departed_at'),
    departureReason: text('departure_reason'),
    /** P-4.4: an accident often comes back in 6–12 months; a systemic cause loses the next one too. */
    departureKind: text('departure_kind'),
    /** The customer asked not to be contacted: no keep-in-touch messages (P-4.5 respects them). */
    doNotContact: boolean('do_not_contact').notNull().default(false),
    /** A duplicate record merged into another: kept (status 'merged') so its history stays traceable. */
    mergedIntoId: uuid('merged_into_id'),
    notes: text('notes'),
    /** GDPR Art. 17: personal data removed; the record stays so counts and money in reports hold. */
    erasedAt: ts('erased_at'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('customers_external_ref_uq').on(t.externalRef),
    index('customers_name_idx').on(t.name),
    check('customers_status_ck', sql`${t.status} in ('active','departed','ended','merged')`),
    check('customers_departure_kind_ck', sql`${t.departureKind} in ('accidental','systemic','unknown')`),
    index('customers_created_idx').on(t.createdAt),
    index('customers_departed_idx').on(t.departedAt).where(sql`${t.status} = 'departed'`),
  ],
);

/**
 * Keep-in-touch messages to departed customers (P-4.5): a holiday greeting, a
 * check-in from their manager, news. One row per customer and touch key, so a
 * sweep that runs twice sends nothing twice.
 */
export const customerTouches = pgTable(
  'customer_touches',
  {
    id: uuid('id').primaryKey(),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    kind: text('kind').notNull(),
    /** e.g. greeting:2026, check_in:2, news:<id> */
    touchKey: text('touch_key').notNull(),
    language: text('language').notNull(),
    /** Set at insert for news; rendered in the customer's language when sent for the others. */
    subject: text('subject'),
    body: text('body'),
    recipient: text('recipient'),
    /** queued → sending (durably, just before SMTP) → sent | not_sent | failed; a crash mid-send leaves uncertain. */
    deliveryStatus: text('delivery_status').notNull(),
    deliveryNote: text('delivery_note'),
    /** The Message-ID it went out under (set when marked sending), for `amends mail reconcile`. */
    externalId: text('external_id'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    uniqueIndex('customer_touches_key_uq').on(t.customerId, t.touchKey),
    index('customer_touches_customer_idx').on(t.customerId, t.createdAt),
    check('customer_touches_kind_ck', sql`${t.kind} in ('greeting','check_in','news')`),
    check('customer_touches_status_ck', sql`${t.deliveryStatus} in ('queued','sending','sent','not_sent','failed','uncertain')`),
  ],
);

/** One customer, many ways to reach them (P-1.1: every channel lands on one record). */
export const customerContacts = pgTable(
  'customer_contacts',
  {
    id: uuid('id').primaryKey(),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    kind: text('kind').notNull(),
    value: text('value').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('customer_contacts_kind_value_uq').on(t.kind, t.value),
    index('customer_contacts_customer_idx').on(t.customerId),
    check('customer_contacts_kind_ck', sql`${t.kind} in ('email','phone','handle')`),
  ],
);

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey(),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    ref: text('ref').notNull(),
    total: money('total_minor').notNull(),
    currency: text('currency').notNull(),
    placedAt: ts('placed_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('orders_ref_uq').on(t.ref),
    index('orders_customer_placed_idx').on(t.customerId, t.placedAt),
    index('orders_placed_idx').on(t.placedAt),
  ],
);

/** A manager's review of a flagged customer (P-3.8) and a decision to end the relationship (P-3.9), with the figures shown. */
export const customerReviews = pgTable(
  'customer_reviews',
  {
    id: uuid('id').primaryKey(),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    decision: text('decision').notNull(),
    reason: text('reason').notNull(),
    figures: jsonb('figures').notNull(),
    decidedBy: uuid('decided_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('customer_reviews_customer_idx').on(t.customerId, t.createdAt),
    check('customer_reviews_decision_ck', sql`${t.decision} in ('keep','watch','end_relationship')`),
  ],
);
