// A file kept with a message (an email attachment, a complaint-book photo),
// for download by staff; one listed but not kept says why.
import { eq } from 'drizzle-orm';
import { attachments } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { isUuid } from '../cases/case-store.ts';
import { safeFilename } from '../domain/file-types.ts';

/** The file's bytes, type and a filename safe to put in a header. */
export async function getAttachment(q: Queryable, id: string): Promise<{ content: Buffer; contentType: string; filename: string }> {
  const [a] = isUuid(id) ? await q.select().from(attachments).where(eq(attachments.id, id)) : [];
  if (!a) throw new AppError('NOT_FOUND', 'no such attachment');
  if (!a.content) throw new AppError('NOT_FOUND', `this file was not kept: ${a.skippedReason ?? 'no content'}`);
  return { content: a.content, contentType: a.contentType, filename: safeFilename(a.filename) };
}
