// Cases: intake by staff or integrations, the queue, and the case view.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../app.ts';
import { staffActor } from '../auth.ts';
import { mutate } from '../mutate.ts';
import { csv, errorResponses, IdParams, IsoDate, LanguageSchema, PrioritySchema } from '../schemas.ts';
import { openCase } from '../../cases/intake/open-case.ts';
import { getCase } from '../../cases/get-case.ts';
import { listCases } from '../../cases/list-cases.ts';
import { CASE_STATUSES } from '../../domain/case-lifecycle.ts';
import { AppError } from '../../domain/errors.ts';
import { CHANNELS, JOURNEY_STAGES } from '../../domain/channels.ts';

export const CaseSchema = z
  .looseObject({
    id: z.string(),
    number: z.string(),
    status: z.enum(CASE_STATUSES),
    channel: z.string(),
    priority: PrioritySchema,
    language: z.string(),
    ownerId: z.string().nullable(),
    customer: z.looseObject({ id: z.string(), name: z.string().nullable() }),
    detection: z.unknown(),
    playbook: z.looseObject({ steps: z.array(z.looseObject({ key: z.string(), status: z.string() })), next: z.string().nullable() }),
    clocks: z.array(z.unknown()),
    restatement: z.looseObject({ id: z.string(), text: z.string(), status: z.string() }).nullable(),
    options: z.array(z.looseObject({ id: z.string(), title: z.string(), chosen: z.boolean() })),
    commitments: z.array(z.looseObject({ id: z.string(), description: z.string(), dueAt: z.string(), status: z.string() })),
    compensations: z.array(
      z.looseObject({ id: z.string(), kind: z.string(), value: z.object({ amount: z.string(), currency: z.string() }), status: z.string(), approvalRole: z.string().nullable() }),
    ),
    timeline: z.array(z.looseObject({ type: z.string(), at: z.string().nullable() })),
  })
  .meta({ id: 'Case' });

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

const CaseListSchema = z.object({
  items: z.array(
    z.looseObject({ id: z.string(), number: z.string(), status: z.string(), priority: PrioritySchema, customer: z.object({ id: z.string(), name: z.string().nullable() }) }),
  ),
  nextCursor: z.string().nullable(),
});

const ListQuery = z.object({
  status: csv(z.enum(CASE_STATUSES)).optional(),
  ownerId: z.string().max(100).optional(),
  priority: csv(PrioritySchema).optional(),
  channel: csv(z.string().max(40)).optional(),
  language: csv(z.string().max(10)).optional(),
  customerId: z.uuid().optional(),
  involving: z.string().max(100).optional().describe('a user id or "me": cases they own or were brought into'),
  q: z.string().max(200).optional(),
  sort: z.enum(['priority', 'oldest', 'newest', 'deadline', 'dissatisfaction']).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export async function caseRoutes(app: TypedApp, deps: RouteDeps) {
  const { database, services } = deps;
  app.post(
    '/api/v1/cases',
    {
      config: { permission: 'cases:write', idempotent: true },
      schema: { tags: ['cases'], body: OpenCaseBody, response: { 201: CaseSchema.extend({ portalUrl: z.string() }), ...errorResponses } },
    },
    async (req, reply) => {
      const input = { ...req.body, rawSource: JSON.stringify(req.body) };
      if (!req.headers['idempotency-key']) {
        const opened = await deps.intake.open(staffActor(req), input);
        return reply.code(201).send({ ...(await getCase(database.db, opened.case.id)), portalUrl: opened.portalUrl });
      }
      return mutate(deps, req, reply, 201, null, async (tx) => {
        const opened = await openCase(tx, services, staffActor(req), input);
        return { ...(await getCase(tx, opened.case.id)), portalUrl: opened.portalUrl };
      });
    },
  );
  app.get(
    '/api/v1/cases',
    { config: { permission: 'cases:read' }, schema: { tags: ['cases'], querystring: ListQuery, response: { 200: CaseListSchema, ...errorResponses } } },
    async (req) => {
      const q = req.query;
      const me = (v: string | undefined) => (v === 'me' ? req.user!.id : v);
      for (const v of [q.ownerId, q.involving]) {
        if (v && v !== 'me' && !/^[0-9a-f-]{36}$/i.test(v)) throw new AppError('VALIDATION_FAILED', 'ownerId and involving take a user id or "me"');
      }
      return listCases(database.db, { ...q, ownerId: me(q.ownerId), involving: me(q.involving) });
    },
  );
  app.get(
    '/api/v1/cases/:id',
    { config: { permission: 'cases:read' }, schema: { tags: ['cases'], params: IdParams, response: { 200: CaseSchema, ...errorResponses } } },
    async (req) => getCase(database.db, req.params.id),
  );
}
