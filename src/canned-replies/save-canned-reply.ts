// Supervisors and admins keep the canned replies: create, change, delete. A
// template may use only the placeholders Amends fills in.
import { eq } from 'drizzle-orm';
import { cannedReplies } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import { PLACEHOLDERS, unknownPlaceholders } from '../domain/canned-replies.ts';
import { isUuid } from '../cases/case-store.ts';
import { actorId, type Actor } from '../context.ts';
import { presentCannedReply, type CannedReply } from './list-canned-replies.ts';

export interface CannedReplyInput {
  language: string;
  title: string;
  body: string;
}

function checkBody(body: string): void {
  const unknown = unknownPlaceholders(body);
  if (unknown.length) throw new AppError('VALIDATION_FAILED', `unknown placeholders: ${unknown.map((u) => `{{${u}}}`).join(', ')}`, { allowed: PLACEHOLDERS });
}

/** Adds a template. */
export async function createCannedReply(tx: Tx, actor: Actor, input: CannedReplyInput): Promise<CannedReply> {
  checkBody(input.body);
  const [row] = await tx
    .insert(cannedReplies)
    .values({ id: newId(), language: input.language, title: input.title.trim(), body: input.body.trim(), createdBy: actorId(actor) })
    .returning();
  return presentCannedReply(row!);
}

/** Changes a template's language, title or text. */
export async function updateCannedReply(tx: Tx, _actor: Actor, id: string, input: Partial<CannedReplyInput>): Promise<CannedReply> {
  if (input.body !== undefined) checkBody(input.body);
  const [row] = isUuid(id)
    ? await tx
        .update(cannedReplies)
        .set({
          ...(input.language ? { language: input.language } : {}),
          ...(input.title !== undefined ? { title: input.title.trim() } : {}),
          ...(input.body !== undefined ? { body: input.body.trim() } : {}),
          updatedAt: new Date(),
        })
        .where(eq(cannedReplies.id, id))
        .returning()
    : [];
  if (!row) throw new AppError('CANNED_REPLY_NOT_FOUND', 'no such canned reply');
  return presentCannedReply(row);
}

/** Removes a template. */
export async function deleteCannedReply(tx: Tx, _actor: Actor, id: string): Promise<{ ok: true }> {
  const [row] = isUuid(id) ? await tx.delete(cannedReplies).where(eq(cannedReplies.id, id)).returning({ id: cannedReplies.id }) : [];
  if (!row) throw new AppError('CANNED_REPLY_NOT_FOUND', 'no such canned reply');
  return { ok: true };
}
