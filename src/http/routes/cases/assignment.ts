// Who handles a case and how the customer reaches it: assign the owner,
// issue a new portal link.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate } from '../../mutate.ts';
import { actOnCase } from './act-on-case.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import { assignCase } from '../../../cases/assign-case.ts';
import { issuePortalLink } from '../../../portal/issue-portal-link.ts';
import { withCase } from './schemas.ts';
import { AssignBody, JoinBody, NoteBody, NoteOut, TakeOverBody } from './move-schemas.ts';
import { takeOverCase } from '../../../cases/take-over-case.ts';
import { joinCase } from '../../../cases/join-case.ts';
import { addNote } from '../../../cases/add-note.ts';

/** POST /cases/:id/assign, /take-over, /participants (join as helper), /notes and /portal-link. */
export async function assignmentRoutes(app: TypedApp, deps: RouteDeps) {
  app.post(
    '/api/v1/cases/:id/assign',
    { config: { permission: 'cases:write' }, schema: { tags: ['cases'], params: IdParams, body: AssignBody, response: withCase } },
    async (req, reply) =>
      actOnCase(deps, req, reply, req.params.id, (tx, actor) => assignCase(tx, actor, { caseId: req.params.id, ownerId: req.body.ownerId, reason: req.body.reason })),
  );
  app.post(
    '/api/v1/cases/:id/take-over',
    {
      config: { permission: 'cases:write' },
      schema: { description: 'Become the owner of the case, saying why (P-2.4).', tags: ['cases'], params: IdParams, body: TakeOverBody, response: withCase },
    },
    async (req, reply) =>
      actOnCase(deps, req, reply, req.params.id, (tx, actor) => takeOverCase(tx, actor, { caseId: req.params.id, reason: req.body.reason })),
  );
  app.post(
    '/api/v1/cases/:id/participants',
    {
      config: { permission: 'cases:write' },
      schema: { description: 'Join the case as a helper: act on it while its owner stays the owner (P-2.4).', tags: ['cases'], params: IdParams, body: JoinBody, response: withCase },
    },
    async (req, reply) =>
      actOnCase(deps, req, reply, req.params.id, (tx, actor) => joinCase(tx, actor, { caseId: req.params.id, reason: req.body.reason })),
  );
  app.post(
    '/api/v1/cases/:id/notes',
    {
      config: { permission: 'cases:write' },
      schema: {
        description: 'Add an internal note (staff only: never in the portal or in mail), mentioning colleagues.',
        tags: ['cases'],
        params: IdParams,
        body: NoteBody,
        response: { 201: NoteOut, ...errorResponses },
      },
    },
    async (req, reply) => mutate(deps, req, reply, 201, null, (tx) => addNote(tx, staffActor(req), { caseId: req.params.id, body: req.body.body, ...(req.body.mentions ? { mentions: req.body.mentions } : {}) })),
  );
  app.post(
    '/api/v1/cases/:id/portal-link',
    {
      config: { permission: 'cases:write', idempotent: true },
      schema: {
        description: 'Issue a new portal link for the customer (the old ones keep working until they expire).',
        tags: ['cases'],
        params: IdParams,
        response: { 201: z.object({ portalUrl: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => mutate(deps, req, reply, 201, null, (tx) => issuePortalLink(tx, staffActor(req), { caseId: req.params.id }, { services: deps.services })),
  );
}
