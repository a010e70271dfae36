// The case's contract: the case as the API shows it (with its detection,
// playbook progress, clocks and timeline), the queue page, and intake.
import { z } from 'zod';
import { csv, errorResponses, IsoDate, LanguageSchema, MoneySchema, PrioritySchema } from '../../schemas.ts';
import { CASE_STATUSES } from '../../../domain/case-lifecycle.ts';
import { CHANNELS, JOURNEY_STAGES } from '../../../domain/channels.ts';

const Time = z.string().describe('ISO 8601');

/** The detector's reading of the message that opened or last moved the case (P-1.2, P-1.3). */
const DetectionSchema = z
  .object({
    messageId: z.string().optional(),
    language: z.string(),
    dissatisfied: z.boolean(),
    score: z.number(),
    intensity: z.number(),
    signals: z.array(z.object({ type: z.string(), phrases: z.array(z.string()) })),
    phrases: z.array(z.object({ text: z.string(), start: z.number(), end: z.number(), kind: z.string() })),
    safetyNote: z.string().optional(),
  })
  .meta({ id: 'Detection' });

const PlaybookStepSchema = z
  .object({
    key: z.string(),
    rule: z.string(),
    title: z.string(),
    status: z.enum(['done', 'pending', 'skipped', 'failed']),
    at: Time.nullable(),
    reason: z.string().optional(),
    detail: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'PlaybookStep' });

const CaseCompensationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  value: MoneySchema,
  status: z.enum(['granted', 'pending_approval', 'rejected']),
  approvalRole: z.string().nullable(),
  description: z.string(),
  fault: z.string().nullable(),
  requestedBy: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decisionReason: z.string().nullable(),
  createdAt: Time.nullable(),
});

const CaseOfferSchema = z.object({
  id: z.string(),
  status: z.string(),
  gift: z.object({ description: z.string(), value: MoneySchema }),
  bonus: z.object({ value: MoneySchema, expiresAt: Time.nullable() }),
  choice: z.enum(['gift', 'bonus', 'both']).nullable(),
});

/** The case as the API shows it (API.md): GET /cases/:id and every move that answers the case. */
export const CaseSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    status: z.enum(CASE_STATUSES),
    channel: z.string(),
    priority: PrioritySchema,
    language: z.string(),
    journeyStage: z.string().nullable(),
    subject: z.string().nullable(),
    orderRef: z.string().nullable(),
    orderId: z.string().nullable(),
    ownerId: z.string().nullable(),
    owner: z.object({ id: z.string(), name: z.string(), role: z.string() }).nullable(),
    participants: z.array(z.object({ userId: z.string(), role: z.string(), reason: z.string().nullable(), name: z.string() })),
    customer: z.object({
      id: z.string(),
      name: z.string().nullable(),
      language: z.string().nullable(),
      tier: z.string().nullable(),
      lifetimeValue: MoneySchema,
      contacts: z.array(z.object({ kind: z.string(), value: z.string() })),
    }),
    detection: DetectionSchema.nullable(),
    playbook: z.object({ steps: z.array(PlaybookStepSchema), next: z.string().nullable(), done: z.number(), total: z.number() }),
    clocks: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        label: z.string().nullable(),
        status: z.string(),
        meetsOn: z.string().nullable(),
        startedAt: Time.nullable(),
        dueAt: Time.nullable(),
        warnAt: Time.nullable(),
        stoppedAt: Time.nullable(),
        color: z.enum(['red', 'amber', 'green']),
      }),
    ),
    restatement: z
      .object({
        id: z.string(),
        text: z.string(),
        status: z.string(),
        correction: z.string().nullable(),
        confirmedVia: z.string().nullable(),
        createdAt: Time.nullable(),
        respondedAt: Time.nullable(),
      })
      .nullable(),
    restatements: z.array(z.object({ id: z.string(), text: z.string(), status: z.string(), correction: z.string().nullable(), createdAt: Time.nullable() })),
    options: z.array(
      z.object({ id: z.string(), title: z.string(), description: z.string().nullable(), cost: MoneySchema.nullable(), chosen: z.boolean(), chosenBy: z.string().nullable() }),
    ),
    commitments: z.array(z.object({ id: z.string(), description: z.string(), dueAt: Time, status: z.string(), ownerId: z.string().nullable(), completedAt: Time.nullable() })),
    compensations: z.array(CaseCompensationSchema),
    offers: z.array(CaseOfferSchema),
    rating: z.object({ score: z.number(), comment: z.string().nullable(), praisedUserId: z.string().nullable() }).nullable(),
    messages: z.array(
      z.object({
        id: z.string(),
        direction: z.enum(['inbound', 'outbound']),
        channel: z.string(),
        kind: z.string(),
        subject: z.string().nullable(),
        body: z.string(),
        authorUserId: z.string().nullable(),
        deliveryStatus: z.string().nullable(),
        deliveryNote: z.string().nullable(),
        createdAt: Time.nullable(),
      }),
    ),
    attachments: z.array(
      z
        .object({
          id: z.string(),
          messageId: z.string().nullable(),
          filename: z.string().nullable(),
          contentType: z.string(),
          size: z.number().int(),
          kept: z.boolean().describe('false when the file was over the size limit: listed, not stored'),
          skippedReason: z.string().nullable(),
          previewable: z.boolean().describe('an image or PDF the desk may show inline (GET /attachments/:id?inline=true)'),
        })
        .meta({ id: 'CaseAttachment' }),
    ),
    timeline: z.array(
      z.object({
        id: z.string(),
        type: z.string(),
        actor: z.object({ type: z.string(), id: z.string().nullable() }),
        data: z.record(z.string(), z.unknown()),
        at: Time.nullable(),
        internal: z.boolean().describe('true for internal notes: staff only, never in the portal or in mail'),
      }),
    ),
    categoryId: z.string().nullable().describe('the case category (P-4.4), set by the agent'),
    suggestedCategory: z.string().nullable().describe('the category key detection suggested at intake, for the agent to accept'),
    closeReason: z.string().nullable(),
    reopenCount: z.number(),
    churn: z
      .object({ risk: z.number(), factors: z.array(z.object({ factor: z.string(), contribution: z.number() })) })
      .nullable()
      .describe('P-2.7: the estimated chance the customer leaves (0–1) and the factors behind it (log-odds contributions)'),
    occurredAt: Time.nullable(),
    createdAt: Time,
    updatedAt: Time,
    acknowledgedAt: Time.nullable(),
    understoodAt: Time.nullable(),
    resolvedAt: Time.nullable(),
    closedAt: Time.nullable(),
  })
  .meta({ id: 'Case' });

/** What every playbook move answers: the case as it now stands. */
export type CaseOut = z.input<typeof CaseSchema>;

const CaseListItemSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    status: z.string(),
    priority: PrioritySchema,
    channel: z.string(),
    language: z.string(),
    subject: z.string().nullable(),
    ownerId: z.string().nullable(),
    customer: z.object({ id: z.string(), name: z.string().nullable() }),
    dissatisfaction: z.object({ score: z.number(), intensity: z.number().nullable() }).nullable(),
    createdAt: Time,
    updatedAt: Time,
    nextDueAt: Time.nullable(),
    churnRisk: z.number().nullable(),
  })
  .meta({ id: 'CaseListItem' });

/** One page of the queue. */
export const CaseListSchema = z.object({ items: z.array(CaseListItemSchema), nextCursor: z.string().nullable() });

/** A complaint as staff or an integration open it. */
export const OpenCaseBody = z.object({
  channel: z.enum(CHANNELS),
  customer: z
    .object({
      name: z.string().trim().max(200).optional(),
      email: z.email().max(320).optional(),
      phone: z.string().trim().min(3).max(40).optional(),
      externalRef: z.string().trim().min(1).max(200).optional(),
    })
    .default({}),
  subject: z.string().trim().max(500).optional(),
  body: z.string().trim().min(1).max(100_000),
  orderRef: z.string().trim().min(1).max(200).optional(),
  journeyStage: z.enum(JOURNEY_STAGES).optional(),
  occurredAt: IsoDate.optional(),
  language: LanguageSchema.optional(),
  priority: PrioritySchema.optional(),
  businessUnit: z.string().trim().min(1).max(100).optional().describe('the branch, shop or department; its own calendar drives the clocks'),
});

/** The queue’s filters, sort and paging. */
export const ListQuery = z.object({
  status: csv(z.enum(CASE_STATUSES)).optional(),
  ownerId: z.string().max(100).optional(),
  priority: csv(PrioritySchema).optional(),
  channel: csv(z.string().max(40)).optional(),
  language: csv(z.string().max(10)).optional(),
  customerId: z.uuid().optional(),
  involving: z.string().max(100).optional().describe('a user id or "me": cases they own or were brought into'),
  q: z.string().max(200).optional(),
  sort: z.enum(['priority', 'oldest', 'newest', 'deadline', 'dissatisfaction', 'churn']).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The answers of a move that returns the case as it now stands. */
export const withCase = { 200: CaseSchema, ...errorResponses };
