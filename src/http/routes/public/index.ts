// The public complaint form (/api/v1/public/complaints): no sign-in, rate
// limited per address; every complaint is acknowledged at once with a case
// number and a portal link.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, LanguageSchema } from '../../schemas.ts';
import { openCase, type OpenedCase } from '../../../cases/intake/open-case.ts';
import { formatCaseNumber } from '../../../domain/case-lifecycle.ts';

/** A complaint as the public web form sends it. */
export const PublicComplaintBody = z.object({
  name: z.string().trim().max(200).optional(),
  email: z.email().max(320).optional(),
  phone: z.string().trim().min(3).max(40).optional(),
  subject: z.string().trim().max(500).optional(),
  body: z.string().trim().min(1).max(20_000),
  orderRef: z.string().trim().min(1).max(200).optional(),
  language: LanguageSchema.optional(),
});

/** POST /public/complaints. */
export async function publicRoutes(app: TypedApp, deps: RouteDeps) {
  const { services } = deps;
  app.post(
    '/api/v1/public/complaints',
    {
      config: {
        permission: 'public',
        idempotent: true,
        rateLimit: { max: services.config.PUBLIC_FORM_RATE_LIMIT, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['public'],
        body: PublicComplaintBody,
        response: { 201: z.object({ caseNumber: z.string(), portalUrl: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const actor = { type: 'system', name: 'web form' } as const;
      const input = {
        channel: 'web_form' as const,
        customer: { name: b.name, email: b.email, phone: b.phone },
        subject: b.subject,
        body: b.body,
        orderRef: b.orderRef,
        language: b.language,
        rawSource: JSON.stringify({ ...b, ip: req.ip, userAgent: req.headers['user-agent'] ?? null }),
      };
      const answer = (o: OpenedCase) => ({ caseNumber: formatCaseNumber(o.case.number), portalUrl: o.portalUrl });
      // Without an Idempotency-Key, complaints are group-committed by the intake batcher.
      if (!req.headers['idempotency-key']) return reply.code(201).send(answer(await deps.intake.open(actor, input)));
      return mutate(deps, req, reply, 201, 'public', async (tx) => answer(await openCase(tx, actor, { ...input }, { services })));
    },
  );
}
