// Contract endings (P-4.4): the customer is marked departed; a failure or a
// competitor opens a recovery case to win them back.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../../app.ts';
import { errorResponses, IsoDate, LanguageSchema } from '../../../schemas.ts';
import { DEPARTURE_CATEGORIES, recordContractEnd } from '../../../../channels/departures/record-contract-end.ts';
import { CustomerHintSchema, ingest } from '../shared.ts';

const DepartureBody = z
  .object({
    customer: CustomerHintSchema,
    reason: z.string().trim().min(1).max(20_000),
    category: z.enum(DEPARTURE_CATEGORIES).optional(),
    endedAt: IsoDate.optional(),
    language: LanguageSchema.optional(),
  })
  .refine((b) => b.customer.email || b.customer.phone || b.customer.externalRef, { message: 'name the customer by email, phone or externalRef', path: ['customer'] });
const DepartureResult = z.object({ customerId: z.string(), duplicate: z.boolean(), failure: z.boolean(), caseId: z.string().nullable(), caseNumber: z.string().nullable() });

/** POST /channels/departures. */
export async function departureFeedRoutes(app: TypedApp, deps: RouteDeps) {
  app.post(
    '/api/v1/channels/departures',
    {
      config: { permission: 'channels:ingest' },
      schema: {
        tags: ['channels'],
        summary: 'A contract ended, with the reason: the customer is marked departed; a failure opens a recovery case',
        body: DepartureBody,
        response: { 200: DepartureResult, 201: DepartureResult, ...errorResponses },
      },
    },
    async (req, reply) => ingest(deps, reply, (tx) => recordContractEnd(tx, deps.services, req.body)),
  );
}
