// What channels bring in before it becomes a case: raw email, attachments, call
// events, reviews and survey answers.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, real, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts, createdAt, bytes } from './columns.ts';
import { customers } from './customers.ts';
import { cases, messages } from './cases.ts';

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
    index('inbound_emails_received_idx').on(t.receivedAt),
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
  (t) => [
    index('attachments_case_idx').on(t.caseId, t.createdAt),
    index('attachments_message_idx').on(t.messageId),
    // The retention sweep: kept files, oldest first.
    index('attachments_kept_idx').on(t.createdAt).where(sql`${t.content} is not null`),
  ],
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
