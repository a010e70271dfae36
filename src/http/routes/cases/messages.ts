// Messages on a case: record one inbound or outbound, and check a draft
// reply before it is sent (P-2.5, P-2.6).
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import { recordMessage } from '../../../cases/record-message.ts';
import { checkDraftReply } from '../../../cases/check-draft-reply.ts';
import { MessageBody, MessageOut, ReplyCheckBody, WarningOut } from './move-schemas.ts';
import { z } from 'zod';

/** POST /cases/:id/messages and /cases/:id/replies/check. */
export async function messageRoutes(app: TypedApp, deps: RouteDeps) {
  app.post(
    '/api/v1/cases/:id/messages',
    {
      config: { permission: 'cases:write', idempotent: true },
      schema: { tags: ['cases'], params: IdParams, body: MessageBody, response: { 201: MessageOut, ...errorResponses } },
    },
    async (req, reply) => mutate(deps, req, reply, 201, null, (tx) => recordMessage(tx, staffActor(req), { caseId: req.params.id, ...req.body }, { services: deps.services })),
  );
  app.post(
    '/api/v1/cases/:id/replies/check',
    {
      config: { permission: 'cases:read' },
      schema: {
        description: 'The reply checker (P-2.5, P-2.6): warnings about a draft reply before it is sent. Changes nothing.',
        tags: ['cases'],
        params: IdParams,
        body: ReplyCheckBody,
        response: { 200: z.object({ warnings: z.array(WarningOut) }), ...errorResponses },
      },
    },
    async (req) => checkDraftReply(deps.database.db, req.params.id, req.body),
  );
}
