// Resolution options (P-2.9, P-2.10): propose them, record the customer's
// choice on the staff side.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutateAtOnce } from '../../mutate.ts';
import { actOnCase } from './act-on-case.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import { proposeOptions } from '../../../cases/propose-options.ts';
import { chooseOption } from '../../../cases/choose-option.ts';
import { withCase } from './schemas.ts';
import { OptionsBody } from './move-schemas.ts';

/** POST /cases/:id/options and /cases/:id/options/:optionId/choose. */
export async function optionRoutes(app: TypedApp, deps: RouteDeps) {
  app.post(
    '/api/v1/cases/:id/options',
    {
      config: { permission: 'cases:write', idempotent: true },
      schema: {
        tags: ['playbook'],
        params: IdParams,
        body: OptionsBody,
        response: { 201: z.object({ options: z.array(z.object({ id: z.string(), title: z.string() })) }), ...errorResponses },
      },
    },
    async (req, reply) =>
      mutateAtOnce(deps, req, reply, 201, null, async (q) => {
        const { ids } = await proposeOptions(q, staffActor(req), { caseId: req.params.id, options: req.body.options, reason: req.body.reason });
        return { options: ids.map((id, i) => ({ id, title: req.body.options[i]!.title })) };
      }),
  );
  app.post(
    '/api/v1/cases/:id/options/:optionId/choose',
    { config: { permission: 'cases:write' }, schema: { tags: ['playbook'], params: z.object({ id: z.string(), optionId: z.string().max(100) }), response: withCase } },
    async (req, reply) =>
      actOnCase(deps, req, reply, req.params.id, (tx, actor) => chooseOption(tx, actor, { caseId: req.params.id, optionId: req.params.optionId })),
  );
}
