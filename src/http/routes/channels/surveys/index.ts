// Surveys (P-1.1): a CSAT or NPS answer; a detractor reopens the case it
// rates, adds to an open one, or opens a case.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../../app.ts';
import { errorResponses, IsoDate } from '../../../schemas.ts';
import { receiveSurvey } from '../../../../channels/surveys/receive-survey.ts';
import { listSurveys } from '../../../../channels/surveys/list-surveys.ts';
import { CustomerHintSchema, ingest } from '../shared.ts';

const SurveyBody = z
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
  .refine((b) => b.kind === 'nps' || (b.score >= 1 && b.score <= 5), { message: 'CSAT is 1–5', path: ['score'] });
const SurveyResult = z.object({ id: z.string(), duplicate: z.boolean(), detractor: z.boolean(), action: z.string(), caseId: z.string().nullable(), caseNumber: z.string().nullable() });

const SurveyItem = z
  .object({
    id: z.string(),
    source: z.string(),
    kind: z.enum(['csat', 'nps']),
    score: z.number(),
    comment: z.string().nullable(),
    detractor: z.boolean(),
    respondedAt: z.string(),
    customer: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
    caseId: z.string().nullable(),
    caseNumber: z.string().nullable(),
    caseStatus: z.string().nullable(),
  })
  .meta({ id: 'SurveyAnswer' });

/** POST /channels/surveys and GET /channels/surveys. */
export async function surveyRoutes(app: TypedApp, deps: RouteDeps) {
  app.post(
    '/api/v1/channels/surveys',
    {
      config: { permission: 'channels:ingest' },
      schema: {
        tags: ['channels'],
        summary: 'A CSAT (1–5) or NPS (0–10) answer; a detractor opens or reopens a case',
        body: SurveyBody,
        response: { 200: SurveyResult, 201: SurveyResult, ...errorResponses },
      },
    },
    async (req, reply) => ingest(deps, reply, (tx) => receiveSurvey(tx, deps.services, req.body)),
  );
  app.get(
    '/api/v1/channels/surveys',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags: ['channels'],
        summary: 'Survey answers, detractors first, then newest first; cursor paged',
        querystring: z.object({
          detractor: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
          cursor: z.string().max(80).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(SurveyItem), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req) => listSurveys(deps.database.db, req.query),
  );
}
