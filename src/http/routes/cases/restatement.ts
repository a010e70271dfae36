// The restatement (P-2.3, P-2.4): staff restate the complaint for the
// customer to confirm, or record an oral confirmation or correction.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutateAtOnce } from '../../mutate.ts';
import { actOnCase } from './act-on-case.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import { restateCase } from '../../../cases/restate-case.ts';
import { confirmRestatement } from '../../../cases/confirm-restatement.ts';
import { withCase } from './schemas.ts';
import { ConfirmBody, RestatementBody } from './move-schemas.ts';

/** POST /cases/:id/restatement and /cases/:id/restatement/confirm. */
export async function restatementRoutes(app: TypedApp, deps: RouteDeps) {
  app.post(
    '/api/v1/cases/:id/restatement',
    {
      config: { permission: 'cases:write', idempotent: true },
      schema: {
        tags: ['playbook'],
        params: IdParams,
        body: RestatementBody,
        response: { 201: z.object({ id: z.string(), text: z.string(), status: z.literal('pending') }), ...errorResponses },
      },
    },
    async (req, reply) =>
      mutateAtOnce(deps, req, reply, 201, null, async (q) => {
        const { id } = await restateCase(q, staffActor(req), { caseId: req.params.id, text: req.body.text });
        return { id, text: req.body.text, status: 'pending' as const };
      }),
  );
  app.post(
    '/api/v1/cases/:id/restatement/confirm',
    {
      config: { permission: 'cases:write' },
      schema: {
        description: 'Staff record the customer’s oral confirmation (or correction) of the restatement, with who and when.',
        tags: ['playbook'],
        params: IdParams,
        body: ConfirmBody,
        response: withCase,
      },
    },
    async (req, reply) =>
      actOnCase(deps, req, reply, req.params.id, (tx, actor) => confirmRestatement(tx, actor, { caseId: req.params.id, ...req.body, via: 'oral' })),
  );
}
