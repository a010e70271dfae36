// Internal notes: staff talk about a case on its timeline (type note_added,
// internal), never in the portal or in mail. Any staff member who may write
// cases may leave one, owner or not: a note does not touch the customer.
import { and, eq, inArray } from 'drizzle-orm';
import { caseEvents, users } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { resolveMentions } from '../domain/mentions.ts';
import { actorId, type Actor } from '../context.ts';
import { lockCase, touchCase } from './case-store.ts';
import { notify } from '../notifications/notify.ts';
import { formatCaseNumber } from '../domain/case-lifecycle.ts';

export interface Note {
  id: string;
  body: string;
  mentions: { id: string; name: string }[];
  at: string;
}

/** Appends an internal note with the colleagues it mentions (@handles in the body and explicit ids). */
export async function addNote(tx: Tx, actor: Actor, input: { caseId: string; body: string; mentions?: string[] }): Promise<Note> {
  const body = input.body.trim();
  if (!body) throw new AppError('VALIDATION_FAILED', 'a note needs some text');
  const row = await lockCase(tx, input.caseId);
  const staff = await tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.active, true), eq(users.kind, 'person')));
  const explicit = [...new Set(input.mentions ?? [])];
  const unknown = explicit.filter((id) => !staff.some((s) => s.id === id));
  if (unknown.length) throw new AppError('MENTION_NOT_STAFF', 'a note can mention active staff members only', { unknown });
  const ids = [...new Set([...explicit, ...resolveMentions(body, staff)])];
  const mentions = ids.length ? await tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids)).orderBy(users.name) : [];
  const [ev] = await tx
    .insert(caseEvents)
    .values({ caseId: row.id, type: 'note_added', actorType: actor.type, actorId: actorId(actor), data: { body, mentions } })
    .returning({ id: caseEvents.id, at: caseEvents.createdAt });
  await touchCase(tx, row.id);
  // Each colleague named hears of it at once (issue 13); nobody is told of their own note.
  const by = actor.type === 'user' ? actor.name : 'Amends';
  await notify(
    tx,
    mentions.filter((m) => m.id !== actorId(actor)).map((m) => ({ userId: m.id, kind: 'mention' as const, caseId: row.id, data: { caseNumber: formatCaseNumber(row.number), by, excerpt: body.slice(0, 200) } })),
  );
  return { id: String(ev!.id), body, mentions, at: ev!.at.toISOString() };
}
