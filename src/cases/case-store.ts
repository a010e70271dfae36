// Row access every case use case shares: load a case under lock, append to
// its timeline, and move its status through the one transition function.
import { and, eq, sql } from 'drizzle-orm';
import { cases, caseEvents, caseParticipants } from '../db/schema.ts';
import type { Queryable, Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { transition, type CaseAction, type CaseStatus } from '../domain/case-lifecycle.ts';
import type { CaseEventType } from '../domain/playbook.ts';
import { type Actor, actorId } from '../context.ts';

export type CaseRow = typeof cases.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are opaque strings to clients; a malformed one is simply not found. */
export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/** Loads a case and locks its row until the transaction ends (one writer at a time). */
export async function lockCase(tx: Tx, caseId: string): Promise<CaseRow> {
  if (!isUuid(caseId)) throw new AppError('CASE_NOT_FOUND', 'no such case');
  const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
  if (!row) throw new AppError('CASE_NOT_FOUND', 'no such case');
  return row;
}

/**
 * P-2.4: one named owner. A staff member acts on a case only as its owner or as a
 * participant (a helper who joined, a senior brought in by triage); anyone else is
 * asked to take it over or join as helper first (NOT_CASE_HANDLER, 409). Supervisors,
 * heads and admins may step in without that step: they answer for the desk. The
 * customer and Amends itself are never asked. A case without an owner is open to all
 * (the sweep gives it one).
 */
export async function assertHandler(tx: Queryable, actor: Actor, row: Pick<CaseRow, 'id' | 'ownerId'>): Promise<void> {
  if (actor.type !== 'user' || actor.role !== 'agent') return;
  if (!row.ownerId || row.ownerId === actor.id) return;
  const [p] = await tx
    .select({ userId: caseParticipants.userId })
    .from(caseParticipants)
    .where(and(eq(caseParticipants.caseId, row.id), eq(caseParticipants.userId, actor.id)));
  if (p) return;
  throw new AppError('NOT_CASE_HANDLER', 'another agent owns this case: take it over, or join as helper', { ownerId: row.ownerId });
}

/** Loads and locks a case for a playbook move by staff (lockCase, then assertHandler). */
export async function lockCaseToAct(tx: Tx, actor: Actor, caseId: string): Promise<CaseRow> {
  const row = await lockCase(tx, caseId);
  await assertHandler(tx, actor, row);
  return row;
}

/** Appends one event to the case timeline (the audit trail). */
export async function appendEvent(
  tx: Queryable,
  caseId: string,
  actor: Actor,
  type: CaseEventType,
  data: Record<string, unknown> = {},
): Promise<void> {
  await tx.insert(caseEvents).values({ caseId, type, actorType: actor.type, actorId: actorId(actor), data });
}

const STAMP: Partial<Record<CaseStatus, keyof CaseRow>> = {
  acknowledged: 'acknowledgedAt',
  understood: 'understoodAt',
  resolved: 'resolvedAt',
  closed: 'closedAt',
};

/** The one writer of case status (STYLE 4): checks the move, stores it, records it. */
export async function moveCase(
  tx: Tx,
  row: CaseRow,
  action: CaseAction,
  actor: Actor,
  extra: Partial<CaseRow> = {},
): Promise<CaseRow> {
  const from = row.status as CaseStatus;
  const to = transition(from, action);
  const now = new Date();
  const stamp = STAMP[to];
  const patch: Partial<CaseRow> = { ...extra, status: to, updatedAt: now, ...(stamp ? { [stamp]: now } : {}) };
  const [updated] = await tx.update(cases).set(patch).where(and(eq(cases.id, row.id), eq(cases.status, from))).returning();
  if (!updated) throw new AppError('CASE_STATE_CONFLICT', 'the case changed meanwhile; try again');
  if (from !== to) await appendEvent(tx, row.id, actor, 'status_changed', { from, to, action });
  return updated;
}

/** Marks the case as touched (for "recently active" sorting and caches). */
export async function touchCase(tx: Queryable, caseId: string): Promise<void> {
  await tx.update(cases).set({ updatedAt: sql`now()` }).where(eq(cases.id, caseId));
}

