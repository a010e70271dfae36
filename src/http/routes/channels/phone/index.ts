// Phone (P-1.4): call events from the phone system, and the callback card
// agents see for a caller.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../../app.ts';
import { errorResponses, IsoDate } from '../../../schemas.ts';
import { CALL_EVENTS, callerCard, recordCallEvent } from '../../../../channels/phone/record-call-event.ts';
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

/** POST /channels/phone/events and GET /channels/phone/callers/:number. */
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
      schema: { tags: ['channels'], summary: 'The callback card: the caller by name, their open cases and recent calls', params: z.object({ number: z.string().min(1).max(60) }) },
    },
    async (req) => callerCard(deps.database.db, req.params.number),
  );
}
