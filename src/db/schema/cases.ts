// Cases and everything on them: the timeline of events, messages, participants,
// restatements, options, commitments, ratings, follow-ups, clocks and portal tokens.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgSequence, pgTable, primaryKey, real, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts, createdAt, money } from './columns.ts';
import { users } from './staff.ts';
import { customers, orders } from './customers.ts';

/** Human case numbers (C-000123) come from one sequence so they never repeat. */
export const caseNumberSeq = pgSequence('case_number_seq', { startWith: 1 });

/**
 * The business's complaint categories (P-4.4: count complaints by kind to find what to fix),
 * editable, with a label in every interface language. Cases point at one; reports group by it.
 */
export const categories = pgTable(
  'categories',
  {
    id: uuid('id').primaryKey(),
    /** A stable slug for imports, detection hints and exports ("delivery", "billing"). */
    key: text('key').notNull(),
    /** { en: "Delivery", de: "Lieferung", … }: one label per interface language. */
    labels: jsonb('labels').$type<Record<string, string>>().notNull(),
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('categories_key_uq').on(t.key)],
);

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
    categoryId: uuid('category_id').references(() => categories.id),
    /** The category detection suggested at intake (a category key, domain/category-suggester.ts); the agent accepts or picks another. */
    suggestedCategory: text('suggested_category'),
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
    /** Personal content scrubbed (the customer's erasure, or the retention of closed cases); numbers, dates and money stay. */
    erasedAt: ts('erased_at'),
    /** P-2.7: the estimated chance (0–1) that this customer leaves, kept current at intake and by the worker (domain/churn.ts). */
    churnRisk: real('churn_risk'),
    /** The factors behind churnRisk with their contributions, shown on the case page. */
    churnFactors: jsonb('churn_factors'),
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
    // The queue sorted by churn risk, highest first (unestimated last).
    index('cases_churn_idx').on(sql`(-coalesce("churn_risk", -1))`, t.id),
    index('cases_category_idx').on(t.categoryId, t.createdAt),
    uniqueIndex('cases_reply_token_uq').on(t.replyToken),
    // The retention sweep's question: closed cases past their period not yet scrubbed.
    index('cases_closed_retention_idx').on(t.closedAt).where(sql`${t.status} = 'closed' and ${t.erasedAt} is null`),
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
  (t) => [
    primaryKey({ columns: [t.caseId, t.userId] }),
    // The queue's "involving me": the cases a colleague was brought into.
    index('case_participants_user_idx').on(t.userId, t.caseId),
  ],
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
    // The retention sweep: form metadata (IP, user agent) in what arrived, oldest first.
    index('messages_raw_source_idx').on(t.createdAt).where(sql`${t.rawSource} is not null`),
    uniqueIndex('messages_external_uq').on(t.channel, t.externalId),
    // Mail whose send was started but not confirmed (a crash mid-send): few rows, found fast.
    index('messages_unsettled_idx').on(t.deliveryStatus).where(sql`${t.deliveryStatus} in ('sending','uncertain')`),
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
