// A staff member's own choice of which notifications also come by email
// (default: none). Read and changed by the user themselves only.
import { eq } from 'drizzle-orm';
import { notificationPreferences } from '../db/schema.ts';
import type { Queryable, Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../context.ts';
import { EMAIL_KINDS } from './notify.ts';

export interface NotificationPreferences {
  /** The kinds also sent by email; a subset of EMAIL_KINDS. */
  emailKinds: string[];
}

/** The user's preferences, the defaults when they never chose. */
export async function getNotificationPreferences(q: Queryable, userId: string): Promise<NotificationPreferences> {
  const [p] = await q.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  return { emailKinds: p?.emailKinds ?? [] };
}

/** Replaces the actor's own preferences. */
export async function updateNotificationPreferences(tx: Tx, actor: Actor, input: NotificationPreferences): Promise<NotificationPreferences> {
  if (actor.type !== 'user') throw new AppError('FORBIDDEN', 'only staff have notifications');
  const kinds = [...new Set(input.emailKinds)];
  const bad = kinds.filter((k) => !(EMAIL_KINDS as readonly string[]).includes(k));
  if (bad.length) throw new AppError('VALIDATION_FAILED', `these notifications cannot be sent by email: ${bad.join(', ')}`, { allowed: EMAIL_KINDS });
  await tx
    .insert(notificationPreferences)
    .values({ userId: actor.id, emailKinds: kinds })
    .onConflictDoUpdate({ target: notificationPreferences.userId, set: { emailKinds: kinds, updatedAt: new Date() } });
  return { emailKinds: kinds };
}
