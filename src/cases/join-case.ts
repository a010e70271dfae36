// P-2.4: a colleague may help on a case without taking it from its owner; the
// owner stays the one named person, the helper is on the timeline.
import { and, eq } from 'drizzle-orm';
import { caseParticipants } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { assertNotClosed, type CaseStatus } from '../domain/case-lifecycle.ts';
import type { Actor } from '../context.ts';
import { appendEvent, lockCase } from './case-store.ts';

/** Adds the acting staff member as a helper (a case_participants row and a participant_added event); idempotent. */
export async function joinCase(tx: Tx, actor: Actor, input: { caseId: string; reason?: string }): Promise<void> {
  if (actor.type !== 'user') throw new AppError('FORBIDDEN', 'only a staff member can join a case');
  const row = await lockCase(tx, input.caseId);
  assertNotClosed(row.status as CaseStatus);
  if (row.ownerId === actor.id) return;
  const [already] = await tx
    .select({ userId: caseParticipants.userId })
    .from(caseParticipants)
    .where(and(eq(caseParticipants.caseId, row.id), eq(caseParticipants.userId, actor.id)));
  if (already) return;
  const reason = input.reason?.trim() || null;
  await tx.insert(caseParticipants).values({ caseId: row.id, userId: actor.id, role: 'helper', reason });
  await appendEvent(tx, row.id, actor, 'participant_added', { userId: actor.id, name: actor.name, role: 'helper', reason });
}
