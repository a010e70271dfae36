// The complaint book and walk-ins (P-1.1): staff write down an oral or paper
// complaint — who took it, where and when — with an optional photo of the
// page or the damage (size-limited). It becomes a case like any other.
import { attachments } from '../../db/schema.ts';
import type { Tx } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { AppError } from '../../domain/errors.ts';
import { openCase, type OpenedCase } from '../../cases/intake/open-case.ts';
import { appendEvent } from '../../cases/case-store.ts';
import type { CustomerHint } from '../../customers/identify-customer.ts';
import type { Actor, Services } from '../../context.ts';

export const COMPLAINT_FORMS = ['oral', 'paper', 'walk_in'] as const;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf'] as const;

export interface RecordComplaintInput {
  form: (typeof COMPLAINT_FORMS)[number];
  customer: CustomerHint;
  body: string;
  subject?: string | null;
  language?: string | null;
  /** Where it was taken: a shop, branch or desk (also the business unit when it has its own hours). */
  location: string;
  businessUnit?: string | null;
  takenAt?: Date | null;
  photo?: { filename?: string | null; contentType: (typeof PHOTO_TYPES)[number]; dataBase64: string } | null;
}

export async function recordComplaint(tx: Tx, services: Services, actor: Actor & { type: 'user' }, input: RecordComplaintInput): Promise<OpenedCase & { photoId: string | null }> {
  let photo: Buffer | null = null;
  if (input.photo) {
    photo = Buffer.from(input.photo.dataBase64, 'base64');
    if (photo.length === 0) throw new AppError('VALIDATION_FAILED', 'the photo is empty or not base64', [{ path: '/photo/dataBase64', message: 'not base64' }]);
    if (photo.length > services.config.ATTACHMENT_MAX_BYTES) {
      throw new AppError('PAYLOAD_TOO_LARGE', `the photo is larger than ${services.config.ATTACHMENT_MAX_BYTES} bytes`);
    }
  }
  const takenAt = input.takenAt ?? new Date();
  const record = { form: input.form, takenBy: actor.id, takenByName: actor.name, location: input.location, takenAt: takenAt.toISOString() };
  const opened = await openCase(tx, actor, { channel: input.form === 'walk_in' ? 'walk_in' : 'complaint_book', customer: input.customer, subject: input.subject ?? null, body: input.body, language: input.language ?? null, occurredAt: takenAt, businessUnit: input.businessUnit ?? null, rawSource: JSON.stringify({ ...record, customer: input.customer, body: input.body }) }, { services });
  await appendEvent(tx, opened.case.id, actor, 'complaint_recorded', record);
  let photoId: string | null = null;
  if (photo) {
    photoId = newId();
    await tx.insert(attachments).values({
      id: photoId,
      caseId: opened.case.id,
      messageId: opened.inboundMessageId,
      filename: input.photo!.filename ?? null,
      contentType: input.photo!.contentType,
      size: photo.length,
      content: photo,
    });
  }
  return { ...opened, photoId };
}
