// The tables of Amends. Drizzle generates the committed SQL migrations in
// src/db/migrations from this file (`npm run db:generate`); hand-written SQL
// (triggers, functions) lives in custom migrations beside them.
// Money is always an integer of minor units (cents) plus a currency code.
import { sql } from 'drizzle-orm';
import {
  customType,
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => ts('created_at').notNull().defaultNow();
const money = (name: string) => bigint(name, { mode: 'number' });
/** Bytes as they arrived (raw MIME, attachments): bytea, read back as a Buffer on both drivers. */
const bytes = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (v) => v,
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** Human case numbers (C-000123) come from one sequence so they never repeat. */
export const caseNumberSeq = pgSequence('case_number_seq', { startWith: 1 });

/** Business-wide settings (authority limits, currency, follow-up days …) as JSON values by key. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    kind: text('kind').notNull().default('person'),
    passwordHash: text('password_hash'),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    locale: text('locale').notNull().default('en'),
    supervisorId: uuid('supervisor_id'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_email_lower_uq').on(sql`lower(${t.email})`),
    index('users_role_active_idx').on(t.role, t.active),
    check('users_role_ck', sql`${t.role} in ('agent','supervisor','head','admin')`),
    check('users_kind_ck', sql`${t.kind} in ('person','service')`),
  ],
);

export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: createdAt(),
  lastUsedAt: ts('last_used_at'),
  expiresAt: ts('expires_at'),
  revokedAt: ts('revoked_at'),
  /** When set, the token may do only these things whatever its role (e.g. channels:ingest for a mail server). */
  scopes: text('scopes').array(),
});

export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

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
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('customers_external_ref_uq').on(t.externalRef),
    index('customers_name_idx').on(t.name),
    check('customers_status_ck', sql`${t.status} in ('active','departed','ended','merged')`),
    check('customers_departure_kind_ck', sql`${t.departureKind} in ('accidental','systemic','unknown')`),
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
    deliveryStatus: text('delivery_status').notNull(),
    deliveryNote: text('delivery_note'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    uniqueIndex('customer_touches_key_uq').on(t.customerId, t.touchKey),
    index('customer_touches_customer_idx').on(t.customerId, t.createdAt),
    check('customer_touches_kind_ck', sql`${t.kind} in ('greeting','check_in','news')`),
    check('customer_touches_status_ck', sql`${t.deliveryStatus} in ('queued','sent','not_sent','failed')`),
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
  ],
);

/** Root causes learned from cases (P-4.3, P-4.4): accidental or systemic, with the rule added. */
export const rootCauses = pgTable('root_causes', {
  id: uuid('id').primaryKey(),
  title: text('title').notNull(),
  kind: text('kind').notNull().default('accidental'),
  ruleAdded: text('rule_added'),
  createdAt: createdAt(),
});

export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey(),
    number: bigint('number', { mode: 'number' }).notNull().default(sql`nextval('case_number_seq')`),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    channel: text('channel').notNull(),
    status: text('status').notNull().default('new'),
    // 0 low, 1 normal, 2 high, 3 urgent: a number so the queue can sort on an index.
    priority: smallint('priority').notNull().default(1),
    language: text('language').notNull(),
    journeyStage: text('journey_stage'),
    orderId: uuid('order_id').references(() => orders.id),
    orderRef: text('order_ref'),
    subject: text('subject'),
    ownerId: uuid('owner_id').references(() => users.id),
    businessUnit: text('business_unit'),
    score: real('dissatisfaction_score'),
    intensity: smallint('intensity'),
    detection: jsonb('detection'),
    regulatoryPack: text('regulatory_pack'),
    rootCauseId: uuid('root_cause_id').references(() => rootCauses.id),
    closeReason: text('close_reason'),
    occurredAt: ts('occurred_at'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    acknowledgedAt: ts('acknowledged_at'),
    understoodAt: ts('understood_at'),
    resolvedAt: ts('resolved_at'),
    closedAt: ts('closed_at'),
    reopenCount: integer('reopen_count').notNull().default(0),
    /** The earliest due time of its running or breached (not yet met) clocks: the queue's "nearest to breach". */
    nextDueAt: ts('next_due_at'),
    /** The secret in reply+<token>@… addresses: a customer's answer finds its case by it. */
    replyToken: text('reply_token'),
  },
  (t) => [
    uniqueIndex('cases_number_uq').on(t.number),
    // The queue: newest-first is never what a complaint desk wants; most urgent, then oldest.
    // (-priority) so one ascending row comparison pages through the queue on the index.
    index('cases_queue_idx').on(sql`(-"priority")`, t.createdAt, t.id),
    index('cases_status_queue_idx').on(t.status, sql`(-"priority")`, t.createdAt, t.id),
    index('cases_owner_queue_idx').on(t.ownerId, t.status, sql`(-"priority")`, t.createdAt, t.id),
    index('cases_created_idx').on(t.createdAt, t.id),
    // Sorted by the clock nearest to breach (no clock last), and by how dissatisfied (unscored last).
    // No status column first: the queue asks for several statuses at once, and a scan in this order
    // that skips the others finds a page at once (closed cases have no deadline: they sort last).
    index('cases_deadline_idx').on(sql`coalesce("next_due_at", 'infinity'::timestamptz)`, t.id),
    index('cases_score_idx').on(sql`(-coalesce("dissatisfaction_score", -1))`, t.id),
    index('cases_customer_idx').on(t.customerId, t.createdAt),
    uniqueIndex('cases_reply_token_uq').on(t.replyToken),
    check('cases_status_ck', sql`${t.status} in ('new','acknowledged','understood','resolving','resolved','closed')`),
    check('cases_priority_ck', sql`${t.priority} between 0 and 3`),
    check('cases_journey_ck', sql`${t.journeyStage} is null or ${t.journeyStage} in ('before_purchase','at_purchase','after_purchase')`),
  ],
);

/** Who else is on a case beside the owner (P-2.7 heavy artillery: supervisor, head). */
export const caseParticipants = pgTable(
  'case_participants',
  {
    caseId: uuid('case_id').notNull().references(() => cases.id),
    userId: uuid('user_id').notNull().references(() => users.id),
    role: text('role').notNull(),
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.userId] })],
);

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    direction: text('direction').notNull(),
    channel: text('channel').notNull(),
    kind: text('kind').notNull().default('message'),
    authorUserId: uuid('author_user_id').references(() => users.id),
    subject: text('subject'),
    body: text('body').notNull(),
    language: text('language'),
    // Where an outbound message goes (an email address, a phone number).
    recipient: text('recipient'),
    // What arrived, byte for byte as far as text allows (MIME source, form JSON, webhook body).
    rawSource: text('raw_source'),
    externalId: text('external_id'),
    detection: jsonb('detection'),
    deliveryStatus: text('delivery_status'),
    deliveryNote: text('delivery_note'),
    sentAt: ts('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('messages_case_idx').on(t.caseId, t.createdAt),
    uniqueIndex('messages_external_uq').on(t.channel, t.externalId),
    check('messages_direction_ck', sql`${t.direction} in ('inbound','outbound')`),
  ],
);

/** Append-only: the case timeline and the audit trail in one (a trigger forbids UPDATE and DELETE). */
export const caseEvents = pgTable(
  'case_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    type: text('type').notNull(),
    actorType: text('actor_type').notNull(),
    actorId: uuid('actor_id'),
    data: jsonb('data').notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.id)],
);

export const restatements = pgTable(
  'restatements',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    text: text('text').notNull(),
    authorId: uuid('author_id').references(() => users.id),
    status: text('status').notNull().default('pending'),
    correction: text('correction'),
    confirmedVia: text('confirmed_via'),
    confirmationNote: text('confirmation_note'),
    respondedAt: ts('responded_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('restatements_case_idx').on(t.caseId, t.createdAt),
    check('restatements_status_ck', sql`${t.status} in ('pending','confirmed','corrected','superseded')`),
  ],
);

export const resolutionOptions = pgTable(
  'resolution_options',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    title: text('title').notNull(),
    description: text('description'),
    cost: money('cost_minor'),
    currency: text('currency'),
    proposedBy: uuid('proposed_by').references(() => users.id),
    chosenAt: ts('chosen_at'),
    chosenBy: text('chosen_by'),
    withdrawnAt: ts('withdrawn_at'),
    createdAt: createdAt(),
  },
  (t) => [index('resolution_options_case_idx').on(t.caseId)],
);

/** Promises with a due time (P-2.11); a durable timer marks a missed one broken. */
export const commitments = pgTable(
  'commitments',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    ownerId: uuid('owner_id').references(() => users.id),
    description: text('description').notNull(),
    dueAt: ts('due_at').notNull(),
    status: text('status').notNull().default('open'),
    completedAt: ts('completed_at'),
    brokenAt: ts('broken_at'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('commitments_case_idx').on(t.caseId),
    index('commitments_open_due_idx').on(t.dueAt).where(sql`${t.status} = 'open'`),
    check('commitments_status_ck', sql`${t.status} in ('open','kept','broken')`),
  ],
);

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

/** The customer's rating of the handling, with praise for a named employee (P-4.8). */
export const ratings = pgTable('ratings', {
  caseId: uuid('case_id').primaryKey().references(() => cases.id),
  score: smallint('score').notNull(),
  comment: text('comment'),
  praisedUserId: uuid('praised_user_id').references(() => users.id),
  createdAt: createdAt(),
});

/** Follow-ups after resolution (P-4.1). */
export const followUps = pgTable(
  'follow_ups',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    dueAt: ts('due_at').notNull(),
    status: text('status').notNull().default('scheduled'),
    doneAt: ts('done_at'),
    createdAt: createdAt(),
  },
  (t) => [index('follow_ups_case_idx').on(t.caseId)],
);

/** SLA and regulatory clocks per case (P-1.4–P-1.6); their maths lives in the domain. */
export const clocks = pgTable(
  'clocks',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    kind: text('kind').notNull(),
    label: text('label'),
    /** What stops it: the first personal reply, or resolving the case. */
    meetsOn: text('meets_on').notNull().default('resolve'),
    startedAt: ts('started_at').notNull(),
    dueAt: ts('due_at').notNull(),
    /** When the owner is warned (inside opening hours); the clocks table is itself the durable timer. */
    warnAt: ts('warn_at'),
    warnedAt: ts('warned_at'),
    /** Whether waiting on the customer may stop it (the policy says so per clock). */
    pausable: boolean('pausable').notNull().default(false),
    /** Counted in open business time (true) or in plain elapsed time. */
    businessTime: boolean('business_time').notNull().default(true),
    pausedAt: ts('paused_at'),
    stoppedAt: ts('stopped_at'),
    status: text('status').notNull().default('running'),
    createdAt: createdAt(),
  },
  (t) => [
    index('clocks_case_idx').on(t.caseId),
    // The sweeper's two questions, on indexes: which running clocks are due, which need a warning.
    index('clocks_running_due_idx').on(t.dueAt).where(sql`${t.status} = 'running'`),
    index('clocks_warn_idx').on(t.warnAt).where(sql`${t.status} = 'running' and ${t.warnedAt} is null`),
    check('clocks_status_ck', sql`${t.status} in ('running','paused','met','breached')`),
  ],
);

/** Links sent to customers: only the SHA-256 of the token is stored. */
export const portalTokens = pgTable(
  'portal_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [index('portal_tokens_case_idx').on(t.caseId)],
);

/** Durable jobs and timers, claimed with FOR UPDATE SKIP LOCKED by any number of workers. */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull(),
    runAt: ts('run_at').notNull().defaultNow(),
    state: text('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(10),
    lastError: text('last_error'),
    lockedBy: text('locked_by'),
    lockedUntil: ts('locked_until'),
    dedupeKey: text('dedupe_key'),
    createdAt: createdAt(),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    index('jobs_due_idx').on(t.runAt).where(sql`${t.state} = 'pending'`),
    index('jobs_running_idx').on(t.lockedUntil).where(sql`${t.state} = 'running'`),
    uniqueIndex('jobs_dedupe_uq').on(t.dedupeKey),
    check('jobs_state_ck', sql`${t.state} in ('pending','running','done','failed')`),
  ],
);

/** Idempotency-Key records: the first answer to a creating POST, kept with the rows it created. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    response: jsonb('response').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
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

/**
 * Every email that arrived, stored byte for byte BEFORE it is parsed (STYLE 9),
 * so a message that crashes the parser is kept and can be processed again.
 * One row per Message-ID (or content hash when it has none): a mail delivered
 * twice never opens two cases.
 */
export const inboundEmails = pgTable(
  'inbound_emails',
  {
    id: uuid('id').primaryKey(),
    /** `http` (the raw-MIME endpoint) or the IMAP mailbox it was fetched from. */
    source: text('source').notNull(),
    /** The Message-ID header, or `sha256:<hex>` of the bytes when the mail has none. */
    dedupeKey: text('dedupe_key').notNull(),
    raw: bytes('raw').notNull(),
    size: integer('size').notNull(),
    status: text('status').notNull().default('received'),
    /** Which rule routed it (reply_token, in_reply_to, mailbox, new) or why it was ignored. */
    route: text('route'),
    reason: text('reason'),
    caseId: uuid('case_id').references(() => cases.id),
    messageId: uuid('message_id').references(() => messages.id),
    receivedAt: ts('received_at').notNull().defaultNow(),
    processedAt: ts('processed_at'),
  },
  (t) => [
    uniqueIndex('inbound_emails_dedupe_uq').on(t.dedupeKey),
    index('inbound_emails_pending_idx').on(t.receivedAt).where(sql`${t.status} = 'received'`),
    index('inbound_emails_case_idx').on(t.caseId),
    check('inbound_emails_status_ck', sql`${t.status} in ('received','routed','ignored','failed')`),
  ],
);

/** Files that came with a message (email attachments, a photo of a complaint-book page), size-limited. */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    messageId: uuid('message_id').references(() => messages.id),
    filename: text('filename'),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    /** Null when the file was over the size limit: the row records that it existed and why it was not kept. */
    content: bytes('content'),
    skippedReason: text('skipped_reason'),
    createdAt: createdAt(),
  },
  (t) => [index('attachments_case_idx').on(t.caseId, t.createdAt), index('attachments_message_idx').on(t.messageId)],
);

/** Call events from the phone system (P-1.4), one row per call and event: a repeated webhook adds nothing. */
export const callEvents = pgTable(
  'call_events',
  {
    id: uuid('id').primaryKey(),
    callId: text('call_id').notNull(),
    event: text('event').notNull(),
    fromNumber: text('from_number').notNull(),
    toNumber: text('to_number'),
    at: ts('at').notNull(),
    rings: integer('rings'),
    waitSeconds: integer('wait_seconds'),
    durationSeconds: integer('duration_seconds'),
    recordingUrl: text('recording_url'),
    customerId: uuid('customer_id').references(() => customers.id),
    caseId: uuid('case_id').references(() => cases.id),
    data: jsonb('data').notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('call_events_call_event_uq').on(t.callId, t.event),
    index('call_events_from_idx').on(t.fromNumber, t.at),
    index('call_events_customer_idx').on(t.customerId, t.at),
    check('call_events_event_ck', sql`${t.event} in ('ringing','answered','missed','dropped','voicemail')`),
  ],
);

/** Reviews and posts about the business (P-1.1, P-1.6), whether or not they became a case. */
export const reviews = pgTable(
  'reviews',
  {
    id: uuid('id').primaryKey(),
    source: text('source').notNull(),
    /** The review's id at its source, or a hash of author, time and text when it has none. */
    externalId: text('external_id').notNull(),
    author: text('author'),
    rating: real('rating'),
    ratingScale: smallint('rating_scale').notNull().default(5),
    text: text('text').notNull(),
    link: text('link'),
    postedAt: ts('posted_at'),
    customerId: uuid('customer_id').references(() => customers.id),
    caseId: uuid('case_id').references(() => cases.id),
    dissatisfied: boolean('dissatisfied').notNull(),
    score: real('score').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('reviews_source_external_uq').on(t.source, t.externalId),
    index('reviews_created_idx').on(t.createdAt, t.id),
    index('reviews_customer_idx').on(t.customerId),
  ],
);

/** CSAT and NPS answers after resolution (P-4.1): a detractor opens or reopens a case. */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: uuid('id').primaryKey(),
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    kind: text('kind').notNull(),
    score: smallint('score').notNull(),
    comment: text('comment'),
    detractor: boolean('detractor').notNull(),
    customerId: uuid('customer_id').references(() => customers.id),
    caseId: uuid('case_id').references(() => cases.id),
    respondedAt: ts('responded_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('survey_responses_source_external_uq').on(t.source, t.externalId),
    index('survey_responses_case_idx').on(t.caseId),
    index('survey_responses_responded_idx').on(t.kind, t.respondedAt),
    check('survey_responses_kind_ck', sql`${t.kind} in ('csat','nps')`),
    check('survey_responses_score_ck', sql`(${t.kind} = 'csat' and ${t.score} between 1 and 5) or (${t.kind} = 'nps' and ${t.score} between 0 and 10)`),
  ],
);
