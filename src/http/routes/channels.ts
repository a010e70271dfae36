// Channel adapters' HTTP doors (P-1.1): raw email from a mail server's pipe or
// a provider's webhook. Callers are integrations with a token scoped to
// `channels:ingest` (`amends tokens create --name mta --scope channels:ingest`).
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../app.ts';
import { errorResponses } from '../schemas.ts';
import { receiveEmail } from '../../channels/email/receive-email.ts';
import { AppError } from '../../domain/errors.ts';
import { CALL_EVENTS, callerCard, recordCallEvent } from '../../channels/phone/record-call-event.ts';
import { IsoDate } from '../schemas.ts';
import type { Tx } from '../../db/client.ts';
import { and, desc, eq, lt } from 'drizzle-orm';
import { reviews } from '../../db/schema.ts';
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
    async (req, reply) => {
      const result = await database.db.transaction((tx) => recordCallEvent(tx as Tx, services, req.body));
      services.wakeWorker();
      return reply.code(result.duplicate ? 200 : 201).send(result);
    },
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
    async (req, reply) => {
      const result = await database.db.transaction((tx) => receiveReview(tx as Tx, services, req.body));
      services.wakeWorker();
      return reply.code(result.duplicate ? 200 : 201).send(result);
    },
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
