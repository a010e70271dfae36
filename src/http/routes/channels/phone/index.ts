// Phone (P-1.4): call events from the phone system, and the callback card
// agents see for a caller.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../../app.ts';
import { errorResponses, IsoDate } from '../../../schemas.ts';
import { CALL_EVENTS, callerCard, recordCallEvent } from '../../../../channels/phone/record-call-event.ts';
import { listCallbacks } from '../../../../channels/phone/list-callbacks.ts';
import { ingest } from '../shared.ts';

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

const CallbackItem = z
  .object({
    caseId: z.string(),
    caseNumber: z.string(),
    status: z.string(),
    priority: z.string(),
    subject: z.string().nullable(),
    customer: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
    number: z.string(),
    event: z.enum(['missed', 'dropped', 'voicemail']),
    at: z.string(),
    rings: z.number().nullable(),
    durationSeconds: z.number().nullable(),
    recordingUrl: z.string().nullable(),
    calls: z.number(),
    clock: z.object({ kind: z.string(), dueAt: z.string(), status: z.string() }).nullable(),
  })
  .meta({ id: 'Callback' });

const CallerCard = z.object({
  number: z.string(),
  customer: z.object({ id: z.string(), name: z.string().nullable(), tier: z.string().nullable(), language: z.string().nullable(), status: z.string() }).nullable(),
  greeting: z.string().nullable(),
  openCases: z.array(z.object({ id: z.string(), number: z.string(), status: z.string(), priority: z.string(), channel: z.string(), subject: z.string().nullable(), createdAt: z.string() })),
  recentCalls: z.array(z.object({ callId: z.string(), event: z.string(), at: z.string(), rings: z.number().nullable(), waitSeconds: z.number().nullable(), caseId: z.string().nullable() })),
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

/** POST /channels/phone/events, GET /channels/phone/callers/:number and GET /channels/phone/callbacks. */
export async function phoneRoutes(app: TypedApp, deps: RouteDeps) {
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
    async (req, reply) => ingest(deps, reply, (tx) => recordCallEvent(tx, deps.services, req.body)),
  );
  app.get(
    '/api/v1/channels/phone/callers/:number',
    {
      config: { permission: 'cases:read' },
      schema: { tags: ['channels'], summary: 'The callback card: the caller by name, their open cases and recent calls', params: z.object({ number: z.string().min(1).max(60) }), response: { 200: CallerCard, ...errorResponses } },
    },
    async (req) => callerCard(deps.database.db, req.params.number),
  );
  app.get(
    '/api/v1/channels/phone/callbacks',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags: ['channels'],
        summary: 'The callbacks to make: open phone cases from missed, dropped and voicemail calls, the nearest callback deadline first',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(100) }),
        response: { 200: z.object({ items: z.array(CallbackItem) }), ...errorResponses },
      },
    },
    async (req) => listCallbacks(deps.database.db, req.query),
  );
}
