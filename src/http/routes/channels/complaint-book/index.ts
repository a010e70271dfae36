// The complaint book (P-1.1): staff record an oral, paper or walk-in
// complaint, who took it, where and when, with an optional photo.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../../app.ts';
import { staffActor } from '../../../auth.ts';
import { mutate } from '../../../mutate.ts';
import { ErrorSchema, errorResponses, IsoDate, LanguageSchema } from '../../../schemas.ts';
import { COMPLAINT_FORMS, PHOTO_TYPES, recordComplaint } from '../../../../channels/complaint-book/record-complaint.ts';
import { formatCaseNumber } from '../../../../domain/case-lifecycle.ts';
import type { Actor } from '../../../../context.ts';
import { CustomerHintSchema } from '../shared.ts';

const ComplaintBody = z.object({
  form: z.enum(COMPLAINT_FORMS),
  customer: CustomerHintSchema,
  body: z.string().trim().min(1).max(20_000),
  subject: z.string().trim().max(500).optional(),
  language: LanguageSchema.optional(),
  location: z.string().trim().min(1).max(200),
  businessUnit: z.string().trim().max(100).optional(),
  takenAt: IsoDate.optional(),
  photo: z
    .object({ filename: z.string().trim().max(255).optional(), contentType: z.enum(PHOTO_TYPES), dataBase64: z.string().min(1).regex(/^[A-Za-z0-9+/=\s]+$/, 'base64') })
    .optional(),
});

/** POST /channels/complaint-book. */
export async function complaintBookRoutes(app: TypedApp, deps: RouteDeps) {
  const { services } = deps;
  app.post(
    '/api/v1/channels/complaint-book',
    {
      config: { permission: 'cases:write', idempotent: true },
      // A photo travels as base64 (4/3 of its size) inside the JSON.
      bodyLimit: Math.ceil((services.config.ATTACHMENT_MAX_BYTES * 4) / 3) + 256 * 1024,
      schema: {
        tags: ['channels'],
        summary: 'Record an oral, paper (complaint book) or walk-in complaint: who took it, where, when; optional photo',
        body: ComplaintBody,
        response: { 201: z.object({ caseId: z.string(), caseNumber: z.string(), photoId: z.string().nullable() }), ...errorResponses, 413: ErrorSchema },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 201, null, async (tx) => {
        const actor = staffActor(req) as Actor & { type: 'user' };
        const o = await recordComplaint(tx, services, actor, req.body);
        return { caseId: o.case.id, caseNumber: formatCaseNumber(o.case.number), photoId: o.photoId };
      }),
  );
}
