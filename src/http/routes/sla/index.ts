// The SLA view (GET /api/v1/sla/due): what breaches in the next 1, 4, 8 or 24
// hours, nearest first, for the desk or one owner.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { errorResponses, PrioritySchema } from '../../schemas.ts';
import { CASE_STATUSES } from '../../../domain/case-lifecycle.ts';
import { listDueClocks, SLA_WINDOWS } from '../../../clocks/list-due-clocks.ts';

const DueQuery = z.object({
  hours: z.coerce
    .number()
    .int()
    .refine((h) => (SLA_WINDOWS as readonly number[]).includes(h), { message: `one of ${SLA_WINDOWS.join(', ')}` })
    .default(4),
  ownerId: z.string().max(100).optional().describe('a user id, "me", or "none" for cases without an owner'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

const DueClockSchema = z
  .object({
    clockId: z.string(),
    kind: z.string(),
    label: z.string().nullable(),
    dueAt: z.string().describe('ISO 8601; in the past when the sweep has not yet marked it breached'),
    case: z.object({
      id: z.string(),
      number: z.string(),
      subject: z.string().nullable(),
      status: z.enum(CASE_STATUSES),
      priority: PrioritySchema,
      owner: z.object({ id: z.string(), name: z.string() }).nullable(),
      customerName: z.string().nullable(),
    }),
  })
  .meta({ id: 'DueClock' });

/** Registers GET /api/v1/sla/due. */
export async function slaRoutes(app: TypedApp, { database }: RouteDeps) {
  app.get(
    '/api/v1/sla/due',
    {
      config: { permission: 'cases:read' },
      schema: {
        description: 'Running clocks that breach within the next `hours` (1, 4, 8 or 24), nearest first, with their case; keyset paging by `nextCursor`.',
        tags: ['clocks'],
        querystring: DueQuery,
        response: { 200: z.object({ items: z.array(DueClockSchema), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req) => {
      const { ownerId, ...rest } = req.query;
      return listDueClocks(database.db, { ...rest, ownerId: ownerId === 'me' ? req.user!.id : ownerId });
    },
  );
}
