// Email in (P-1.1): one raw MIME message from a mail server's pipe or a
// provider's webhook, by an integration with a `channels:ingest` token.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../../app.ts';
import { errorResponses } from '../../../schemas.ts';
import { receiveEmail } from '../../../../channels/email/receive-email.ts';
import { AppError } from '../../../../domain/errors.ts';

const InboundEmailResult = z
  .object({
    id: z.string(),
    status: z.enum(['received', 'routed', 'ignored', 'failed']),
    route: z.string().nullable(),
    reason: z.string().nullable(),
    caseId: z.string().nullable(),
    messageId: z.string().nullable(),
    duplicate: z.boolean(),
  })
  .meta({ id: 'InboundEmail' });

/** POST /channels/email/raw; raw MIME arrives as bytes (read as a Buffer in this scope only). */
export async function emailRoutes(app: TypedApp, deps: RouteDeps) {
  const { database, services } = deps;
  app.addContentTypeParser(['message/rfc822', 'application/octet-stream', 'text/plain'], { parseAs: 'buffer', bodyLimit: services.config.EMAIL_MAX_BYTES }, (_req, body, done) =>
    done(null, body),
  );
  app.post(
    '/api/v1/channels/email/raw',
    {
      config: { permission: 'channels:ingest' },
      bodyLimit: services.config.EMAIL_MAX_BYTES,
      schema: {
        tags: ['channels'],
        summary: 'Receive one email as raw MIME (message/rfc822)',
        querystring: z.object({ source: z.string().trim().min(1).max(200).default('http') }),
        response: { 200: InboundEmailResult, 201: InboundEmailResult, 202: InboundEmailResult, ...errorResponses },
      },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the message as Content-Type: message/rfc822');
      const result = await receiveEmail(database.db, services, req.query.source, req.body);
      // 201: a new message handled; 200: the same Message-ID again (nothing new); 202: stored, processing later.
      return reply.code(result.duplicate ? 200 : result.status === 'received' ? 202 : 201).send(result);
    },
  );
}
