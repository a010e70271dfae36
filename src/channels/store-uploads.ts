// Files a customer attaches on the public form or in the portal: checked for
// size and for what they really are (magic bytes), then kept with the message
// like an email's attachments (the `attachments` table).
import { attachments } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import { FILE_KINDS, safeFilename, sniffFileType, type FileKind } from '../domain/file-types.ts';

/** A file as the HTTP edge received it. */
export interface Upload {
  filename: string;
  declaredType: string;
  content: Buffer;
}

/** What may be uploaded (from UPLOAD_MAX_BYTES, UPLOAD_MAX_FILES and UPLOAD_TYPES). */
export interface UploadPolicy {
  maxBytes: number;
  maxFiles: number;
  kinds: readonly FileKind[];
}

/** Reads UPLOAD_TYPES ("image,pdf"): unknown names are ignored. */
export function uploadKinds(list: string): FileKind[] {
  return list
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s): s is FileKind => (FILE_KINDS as readonly string[]).includes(s));
}

export interface CheckedUpload {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** Refuses too many files, a file too large, or one whose bytes are not an allowed kind; nothing is stored. */
export function checkUploads(files: Upload[], policy: UploadPolicy): CheckedUpload[] {
  if (files.length > policy.maxFiles) throw new AppError('TOO_MANY_FILES', `attach at most ${policy.maxFiles} files`, { maxFiles: policy.maxFiles });
  return files.map((f) => {
    const filename = safeFilename(f.filename);
    if (f.content.length > policy.maxBytes) throw new AppError('FILE_TOO_LARGE', `${filename} is larger than ${policy.maxBytes} bytes`, { filename, maxBytes: policy.maxBytes });
    if (f.content.length === 0) throw new AppError('VALIDATION_FAILED', `${filename} is empty`, { filename });
    const sniffed = sniffFileType(f.content, filename);
    if (!sniffed || !policy.kinds.includes(sniffed.kind)) {
      throw new AppError('FILE_TYPE_NOT_ALLOWED', `${filename} is not a kind of file we accept (${policy.kinds.join(', ')})`, { filename, declaredType: f.declaredType, allowed: policy.kinds });
    }
    return { filename, contentType: sniffed.contentType, content: f.content };
  });
}

/** Keeps checked files with the customer's message on the case. */
export async function storeUploads(tx: Tx, input: { caseId: string; messageId: string; files: CheckedUpload[] }): Promise<string[]> {
  if (input.files.length === 0) return [];
  const rows = input.files.map((f) => ({ id: newId(), caseId: input.caseId, messageId: input.messageId, filename: f.filename, contentType: f.contentType, size: f.content.length, content: f.content }));
  await tx.insert(attachments).values(rows);
  return rows.map((r) => r.id);
}
