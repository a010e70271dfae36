// The public complaint form (/api/v1/public/complaints): no sign-in, rate
// limited per address; every complaint is acknowledged at once with a case
// number and a portal link.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, LanguageSchema } from '../../schemas.ts';
import { openCase, type OpenedCase } from '../../../cases/intake/open-case.ts';
import { formatCaseNumber } from '../../../domain/case-lifecycle.ts';
import { checkUploads, storeUploads } from '../../../channels/store-uploads.ts';
import { acceptUploads, uploadPolicy, uploadsOf } from '../../uploads.ts';
import type { Tx } from '../../../db/client.ts';

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
  await acceptUploads(app, services.config);
  app.post(
    '/api/v1/public/complaints',
    {
      config: {
        permission: 'public',
        idempotent: true,
        uploads: true,
        rateLimit: { max: services.config.PUBLIC_FORM_RATE_LIMIT, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['public'],
        description: 'JSON, or multipart/form-data with the same fields as text parts and up to UPLOAD_MAX_FILES files (photos, PDF, text, office documents; checked by their bytes).',
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
      // Files are checked before anything is written: a bad one refuses the whole complaint.
      const files = checkUploads(uploadsOf(req), uploadPolicy(services.config));
      const open = async (tx: Tx) => {
        const opened = await openCase(tx, actor, { ...input }, { services });
        await storeUploads(tx, { caseId: opened.case.id, messageId: opened.inboundMessageId, files });
        return answer(opened);
      };
      // Without an Idempotency-Key, complaints are group-committed by the intake batcher (with files, in their own transaction).
      if (!req.headers['idempotency-key']) {
        if (files.length === 0) return reply.code(201).send(answer(await deps.intake.open(actor, input)));
        const done = await deps.database.db.transaction((tx) => open(tx as Tx));
        services.wakeWorker();
        return reply.code(201).send(done);
      }
      return mutate(deps, req, reply, 201, 'public', open);
    },
  );
}
