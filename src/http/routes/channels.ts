// Channel adapters' HTTP doors (P-1.1): raw email from a mail server's pipe or
// a provider's webhook. Callers are integrations with a token scoped to
// `channels:ingest` (`amends tokens create --name mta --scope channels:ingest`).
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { RouteDeps, TypedApp } from '../app.ts';
import { receiveEmail } from '../../channels/email/receive-email.ts';
import { AppError } from '../../domain/errors.ts';
import { CALL_EVENTS, callerCard, recordCallEvent } from '../../channels/phone/record-call-event.ts';
import type { Tx } from '../../db/client.ts';
import { and, desc, eq, lt } from 'drizzle-orm';
import { attachments, reviews } from '../../db/schema.ts';
import { mutate } from '../mutate.ts';
import { staffActor } from '../auth.ts';
import { ErrorSchema, errorResponses, IdParams, IsoDate, LanguageSchema } from '../schemas.ts';
import { formatCaseNumber } from '../../domain/case-lifecycle.ts';
import { isUuid } from '../../cases/case-store.ts';
import type { Actor } from '../../context.ts';
import { COMPLAINT_FORMS, PHOTO_TYPES, recordComplaint } from '../../channels/complaint-book/record-complaint.ts';
import { receiveSurvey } from '../../channels/surveys/receive-survey.ts';
import { DEPARTURE_CATEGORIES, recordDeparture } from '../../channels/departures/record-departure.ts';
import { importReviews, receiveReview, reviewRowsFromCsv, ReviewInput } from '../../channels/reviews/receive-review.ts';

const CallEventBody = z.object({
  callId: z.string().trim().min(1).max(200),
  event: z.enum(CALL_EVENTS),
  from: z.string().trim().min(1).max(60),
  to: z.string().trim().max(60).optional(),
  at: IsoDate.optional(),
  rings: z.number().int().min(0).max(1000).optional(),
  waitSeconds: z.number().int().min(0).max(86_400).optional(),
  durationSeconds: z.number().int().min(0).max(86_400).optional(),
  recordingUrl: z.url().max(2000).optional(),
  callerName: z.string().trim().max(200).optional(),
  businessUnit: z.string().trim().max(100).optional(),
});

const CallEventResult = z
  .object({
    id: z.string(),
    duplicate: z.boolean(),
    action: z.enum(['recorded', 'case_opened', 'case_updated']),
    customerId: z.string().nullable(),
    caseId: z.string().nullable(),
    caseNumber: z.string().nullable(),
    slowAnswer: z.boolean(),
  })
  .meta({ id: 'CallEventResult' });

const InboundEmailResult = z
  .object({
    id: z.string(),
    status: z.enum(['received', 'routed', 'ignored', 'failed']),
    route: z.string().nullable(),
    reason: z.string().nullable(),
    caseId: z.string().nullable(),
    messageId: z.string().nullable(),
    duplicate: z.boolean(),
  })
  .meta({ id: 'InboundEmail' });

/**
 * A feed's event in one transaction, then the worker is woken for what it queued:
 * 201 when something new was recorded, 200 when the feed repeated itself.
 */
async function ingest<T extends { duplicate: boolean }>(deps: RouteDeps, reply: FastifyReply, work: (tx: Tx) => Promise<T>): Promise<FastifyReply> {
  const result = await deps.database.db.transaction((tx) => work(tx as Tx));
  deps.services.wakeWorker();
  return reply.code(result.duplicate ? 200 : 201).send(result);
}

export async function channelRoutes(app: TypedApp, deps: RouteDeps) {
  const { database, services } = deps;
  // Raw MIME arrives as bytes: these types are read as a Buffer in this module only.
  app.addContentTypeParser(['message/rfc822', 'application/octet-stream', 'text/plain'], { parseAs: 'buffer', bodyLimit: services.config.EMAIL_MAX_BYTES }, (_req, body, done) =>
    done(null, body),
  );
  app.post(
    '/api/v1/channels/email/raw',
    {
      config: { permission: 'channels:ingest' },
      bodyLimit: services.config.EMAIL_MAX_BYTES,
      schema: {
        tags: ['channels'],
        summary: 'Receive one email as raw MIME (message/rfc822)',
        querystring: z.object({ source: z.string().trim().min(1).max(200).default('http') }),
        response: { 200: InboundEmailResult, 201: InboundEmailResult, 202: InboundEmailResult, ...errorResponses },
      },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the message as Content-Type: message/rfc822');
      const result = await receiveEmail(database.db, services, req.query.source, req.body);
      // 201: a new message handled; 200: the same Message-ID again (nothing new); 202: stored, processing later.
      return reply.code(result.duplicate ? 200 : result.status === 'received' ? 202 : 201).send(result);
    },
  );
}

/** Phone events (P-1.4) from the phone system, and the callback card for agents. */
export async function phoneRoutes(app: TypedApp, deps: RouteDeps) {
  const { database, services } = deps;
  app.post(
    '/api/v1/channels/phone/events',
    {
      config: { permission: 'channels:ingest' },
      schema: {
        tags: ['channels'],
        summary: 'A call event: ringing, answered (rings, wait), missed, dropped, voicemail (recording link)',
        body: CallEventBody,
        response: { 200: CallEventResult, 201: CallEventResult, ...errorResponses },
      },
    },
    async (req, reply) => ingest(deps, reply, (tx) => recordCallEvent(tx, services, req.body)),
  );
  app.get(
    '/api/v1/channels/phone/callers/:number',
    {
      config: { permission: 'cases:read' },
      schema: { tags: ['channels'], summary: 'The callback card: the caller by name, their open cases and recent calls', params: z.object({ number: z.string().min(1).max(60) }) },
    },
    async (req) => callerCard(database.db, req.params.number),
  );
}

const ReviewResult = z
  .object({
    id: z.string(),
    duplicate: z.boolean(),
    dissatisfied: z.boolean(),
    lowRating: z.boolean(),
    customerId: z.string().nullable(),
    caseId: z.string().nullable(),
    caseNumber: z.string().nullable(),
  })
  .meta({ id: 'ReviewResult' });

const ImportReport = z
  .object({
    received: z.number(),
    imported: z.number(),
    duplicates: z.number(),
    cases: z.number(),
    rejected: z.array(z.object({ row: z.number(), errors: z.array(z.object({ path: z.string(), message: z.string() })) })),
  })
  .meta({ id: 'ImportReport' });

/** Reviews and posts (P-1.1, P-1.6): a generic webhook, JSON or CSV import, and the list. */
export async function reviewRoutes(app: TypedApp, deps: RouteDeps) {
  const { database, services } = deps;
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 10 * 1024 * 1024 }, (_req, body, done) => done(null, body));
  app.post(
    '/api/v1/channels/reviews',
    {
      config: { permission: 'channels:ingest' },
      schema: { tags: ['channels'], summary: 'One review or post from a feed or webhook', body: ReviewInput, response: { 200: ReviewResult, 201: ReviewResult, ...errorResponses } },
    },
    async (req, reply) => ingest(deps, reply, (tx) => receiveReview(tx, services, req.body)),
  );
  app.post(
    '/api/v1/channels/reviews/import',
    {
      config: { permission: 'channels:ingest' },
      bodyLimit: 10 * 1024 * 1024,
      schema: {
        tags: ['channels'],
        summary: 'Import reviews: JSON {reviews: [...]} or text/csv with a header line (source,author,rating,text,link,time …)',
        response: { 200: ImportReport, ...errorResponses },
      },
    },
    async (req) => {
      let rows: unknown[];
      let firstRow = 1;
      if (typeof req.body === 'string') {
        rows = reviewRowsFromCsv(req.body);
        firstRow = 2; // the CSV's line 1 is its header
      } else {
        const parsed = z.object({ reviews: z.array(z.unknown()).min(1) }).safeParse(req.body);
        if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'send {"reviews": [...]} or text/csv');
        rows = parsed.data.reviews;
      }
      const report = await database.db.transaction((tx) => importReviews(tx as Tx, services, rows, firstRow));
      services.wakeWorker();
      return report;
    },
  );
  app.get(
    '/api/v1/channels/reviews',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags: ['channels'],
        querystring: z.object({ source: z.string().max(100).optional(), cursor: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
      },
    },
    async (req) => {
      const { source, cursor, limit } = req.query;
      const rows = await database.db
        .select()
        .from(reviews)
        .where(and(source ? eq(reviews.source, source) : undefined, cursor ? lt(reviews.id, cursor) : undefined))
        .orderBy(desc(reviews.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      return {
        items: page.map((r) => ({ ...r, postedAt: r.postedAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString() })),
        nextCursor: rows.length > limit ? page.at(-1)!.id : null,
      };
    },
  );
}

const CustomerHintSchema = z.object({
  name: z.string().trim().max(200).optional(),
  email: z.email().max(320).optional(),
  phone: z.string().trim().min(3).max(40).optional(),
  externalRef: z.string().trim().min(1).max(200).optional(),
});

const SurveyResult = z.object({ id: z.string(), duplicate: z.boolean(), detractor: z.boolean(), action: z.string(), caseId: z.string().nullable(), caseNumber: z.string().nullable() });
const DepartureResult = z.object({ customerId: z.string(), duplicate: z.boolean(), failure: z.boolean(), caseId: z.string().nullable(), caseNumber: z.string().nullable() });

/** Staff-recorded complaints (complaint book, walk-ins), surveys, contract endings, and files on cases. */
export async function intakeRoutes(app: TypedApp, deps: RouteDeps) {
  const { database, services } = deps;
  app.post(
    '/api/v1/channels/complaint-book',
    {
      config: { permission: 'cases:write', idempotent: true },
      // A photo travels as base64 (4/3 of its size) inside the JSON.
      bodyLimit: Math.ceil((services.config.ATTACHMENT_MAX_BYTES * 4) / 3) + 256 * 1024,
      schema: {
        tags: ['channels'],
        summary: 'Record an oral, paper (complaint book) or walk-in complaint: who took it, where, when; optional photo',
        body: z.object({
          form: z.enum(COMPLAINT_FORMS),
          customer: CustomerHintSchema,
          body: z.string().trim().min(1).max(20_000),
          subject: z.string().trim().max(500).optional(),
          language: LanguageSchema.optional(),
          location: z.string().trim().min(1).max(200),
          businessUnit: z.string().trim().max(100).optional(),
          takenAt: IsoDate.optional(),
          photo: z
            .object({ filename: z.string().trim().max(255).optional(), contentType: z.enum(PHOTO_TYPES), dataBase64: z.string().min(1).regex(/^[A-Za-z0-9+/=\s]+$/, 'base64') })
            .optional(),
        }),
        response: { 201: z.object({ caseId: z.string(), caseNumber: z.string(), photoId: z.string().nullable() }), ...errorResponses, 413: ErrorSchema },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 201, null, async (tx) => {
        const actor = staffActor(req) as Actor & { type: 'user' };
        const o = await recordComplaint(tx, services, actor, req.body);
        return { caseId: o.case.id, caseNumber: formatCaseNumber(o.case.number), photoId: o.photoId };
      }),
  );
  app.get(
    '/api/v1/attachments/:id',
    { config: { permission: 'cases:read' }, schema: { tags: ['channels'], summary: 'Download a file kept with a message', params: IdParams } },
    async (req, reply) => {
      const [a] = isUuid(req.params.id) ? await database.db.select().from(attachments).where(eq(attachments.id, req.params.id)) : [];
      if (!a) throw new AppError('NOT_FOUND', 'no such attachment');
      if (!a.content) throw new AppError('NOT_FOUND', `this file was not kept: ${a.skippedReason ?? 'no content'}`);
      const name = (a.filename ?? 'attachment').replace(/[^\w.\- ]/g, '_');
      return reply.header('content-type', a.contentType).header('content-disposition', `attachment; filename="${name}"`).header('x-content-type-options', 'nosniff').send(a.content);
    },
  );
  app.post(
    '/api/v1/channels/surveys',
    {
      config: { permission: 'channels:ingest' },
      schema: {
        tags: ['channels'],
        summary: 'A CSAT (1–5) or NPS (0–10) answer; a detractor opens or reopens a case',
        body: z
          .object({
            source: z.string().trim().min(1).max(100),
            externalId: z.string().trim().min(1).max(500),
            kind: z.enum(['csat', 'nps']),
            score: z.number().int().min(0).max(10),
            comment: z.string().trim().max(20_000).optional(),
            caseRef: z.string().trim().max(100).optional(),
            customer: CustomerHintSchema.optional(),
            respondedAt: IsoDate.optional(),
          })
          .refine((b) => b.kind === 'nps' || (b.score >= 1 && b.score <= 5), { message: 'CSAT is 1–5', path: ['score'] }),
        response: { 200: SurveyResult, 201: SurveyResult, ...errorResponses },
      },
    },
    async (req, reply) => ingest(deps, reply, (tx) => receiveSurvey(tx, services, req.body)),
  );
  app.post(
    '/api/v1/channels/departures',
    {
      config: { permission: 'channels:ingest' },
      schema: {
        tags: ['channels'],
        summary: 'A contract ended, with the reason: the customer is marked departed; a failure opens a recovery case',
        body: z
          .object({
            customer: CustomerHintSchema,
            reason: z.string().trim().min(1).max(20_000),
            category: z.enum(DEPARTURE_CATEGORIES).optional(),
            endedAt: IsoDate.optional(),
            language: LanguageSchema.optional(),
          })
          .refine((b) => b.customer.email || b.customer.phone || b.customer.externalRef, { message: 'name the customer by email, phone or externalRef', path: ['customer'] }),
        response: { 200: DepartureResult, 201: DepartureResult, ...errorResponses },
      },
    },
    async (req, reply) => ingest(deps, reply, (tx) => recordDeparture(tx, services, req.body)),
  );
}
