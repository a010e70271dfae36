// Reviews and posts (P-1.1, P-1.6): a generic webhook, JSON or CSV import,
// and the list of what was kept.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../../app.ts';
import { errorResponses } from '../../../schemas.ts';
import { importReviews, receiveReview, reviewRowsFromCsv, ReviewInput } from '../../../../channels/reviews/receive-review.ts';
import { listReviews } from '../../../../channels/reviews/list-reviews.ts';
import type { Tx } from '../../../../db/client.ts';
import { AppError } from '../../../../domain/errors.ts';
import { ingest } from '../shared.ts';
import { acceptCsv, CSV_BODY_LIMIT } from '../../../request-input.ts';

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

const ReviewItem = z
  .object({
    id: z.string(),
    source: z.string(),
    externalId: z.string(),
    author: z.string().nullable(),
    rating: z.number().nullable(),
    ratingScale: z.number(),
    text: z.string(),
    link: z.string().nullable(),
    postedAt: z.string().nullable(),
    customerId: z.string().nullable(),
    caseId: z.string().nullable(),
    dissatisfied: z.boolean(),
    score: z.number(),
    createdAt: z.string(),
    caseNumber: z.string().nullable(),
    caseStatus: z.string().nullable(),
    reply: z.object({ dueAt: z.string(), status: z.string(), repliedAt: z.string().nullable() }).nullable(),
  })
  .meta({ id: 'Review' });

/** POST /channels/reviews, POST /channels/reviews/import, GET /channels/reviews; `text/csv` is read as a string in this scope. */
export async function reviewRoutes(app: TypedApp, deps: RouteDeps) {
  const { database, services } = deps;
  acceptCsv(app);
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
      bodyLimit: CSV_BODY_LIMIT,
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
        summary: 'Reviews, newest first, each with its case and the three-day reply clock (P-1.6)',
        querystring: z.object({ source: z.string().max(100).optional(), cursor: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ items: z.array(ReviewItem), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req) => listReviews(database.db, req.query),
  );
}
