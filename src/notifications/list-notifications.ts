// The bell's list: a staff member's own notifications, newest first, paged by
// cursor (the serial id), with the unread count the bell shows.
import { and, count, desc, eq, gt, isNull, lt, type SQL } from 'drizzle-orm';
import { notifications } from '../db/schema.ts';
import { readAll, type Queryable } from '../db/client.ts';

export interface NotificationView {
  id: number;
  kind: string;
  caseId: string | null;
  data: Record<string, unknown>;
  read: boolean;
  at: string;
}

export interface NotificationPage {
  items: NotificationView[];
  unread: number;
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: number | null;
}

/** One page of the user's notifications; `after` instead lists those newer than an id, oldest first (the live stream). */
export async function listNotifications(q: Queryable, userId: string, input: { before?: number; after?: number; limit?: number; unreadOnly?: boolean } = {}): Promise<NotificationPage> {
  const limit = Math.min(Math.max(input.limit ?? 30, 1), 100);
  const where: SQL[] = [eq(notifications.userId, userId)];
  if (input.before) where.push(lt(notifications.id, input.before));
  if (input.after) where.push(gt(notifications.id, input.after));
  if (input.unreadOnly) where.push(isNull(notifications.readAt));
  const [rows, unread] = await readAll(q, [
    () =>
      q
        .select()
        .from(notifications)
        .where(and(...where))
        .orderBy(input.after ? notifications.id : desc(notifications.id))
        .limit(limit + 1),
    () => unreadCount(q, userId),
  ] as const);
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({ id: r.id, kind: r.kind, caseId: r.caseId, data: r.data as Record<string, unknown>, read: r.readAt !== null, at: r.createdAt.toISOString() })),
    unread,
    nextCursor: rows.length > limit && !input.after ? page.at(-1)!.id : null,
  };
}

/** How many of the user's notifications are unread (the bell's badge). */
export async function unreadCount(q: Queryable, userId: string): Promise<number> {
  const [r] = await q
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return r?.n ?? 0;
}

/** The newest notification id of a user (where a fresh stream starts), 0 when none. */
export async function latestNotificationId(q: Queryable, userId: string): Promise<number> {
  const [r] = await q.select({ id: notifications.id }).from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.id)).limit(1);
  return r?.id ?? 0;
}
