// Commitments (P-2.11): promises with a due time, and marking one kept.
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate, mutateAtOnce } from '../../mutate.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import { makeCommitment } from '../../../cases/make-commitment.ts';
import { completeCommitment } from '../../../cases/complete-commitment.ts';
import { CommitmentBody, CommitmentOut } from './move-schemas.ts';

/** POST /cases/:id/commitments and /commitments/:id/complete. */
export async function commitmentRoutes(app: TypedApp, deps: RouteDeps) {
  app.post(
    '/api/v1/cases/:id/commitments',
    {
      config: { permission: 'cases:write', idempotent: true },
      schema: { tags: ['playbook'], params: IdParams, body: CommitmentBody, response: { 201: CommitmentOut, ...errorResponses } },
    },
    async (req, reply) =>
      mutateAtOnce(deps, req, reply, 201, null, async (q) => {
        const { id } = await makeCommitment(q, staffActor(req), { caseId: req.params.id, ...req.body });
        return { id, description: req.body.description, dueAt: req.body.dueAt.toISOString(), status: 'open', completedAt: null };
      }),
  );
  app.post(
    '/api/v1/commitments/:id/complete',
    { config: { permission: 'cases:write' }, schema: { tags: ['playbook'], params: IdParams, response: { 200: CommitmentOut, ...errorResponses } } },
    async (req, reply) =>
      mutateAtOnce(deps, req, reply, 200, null, async (q) => {
        const c = await completeCommitment(q, staffActor(req), { commitmentId: req.params.id });
        return { id: c.id, description: c.description, dueAt: c.dueAt.toISOString(), status: c.status, completedAt: c.completedAt?.toISOString() ?? null };
      }),
  );
}
