// Mark read: some notifications by id, or all of them. Only one's own; the
// other open streams of the same user refresh their badge.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { notifications } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../context.ts';
import { signalUsers } from './notify.ts';
import { unreadCount } from './list-notifications.ts';

/** Marks the actor's notifications read (the ids given, or all); answers the unread count left. */
export async function markNotificationsRead(tx: Tx, actor: Actor, input: { ids?: number[]; all?: boolean }): Promise<{ marked: number; unread: number }> {
  if (actor.type !== 'user') throw new AppError('FORBIDDEN', 'only staff have notifications');
  if (!input.all && !input.ids?.length) throw new AppError('VALIDATION_FAILED', 'name the notifications to mark read, or send {"all": true}');
  const where = [eq(notifications.userId, actor.id), isNull(notifications.readAt)];
  if (!input.all) where.push(inArray(notifications.id, input.ids!));
  const marked = await tx
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(...where))
    .returning({ id: notifications.id });
  if (marked.length) await signalUsers(tx, [actor.id]);
  return { marked: marked.length, unread: await unreadCount(tx, actor.id) };
}
