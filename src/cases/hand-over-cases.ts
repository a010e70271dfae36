// P-2.4: ownership moves, but never to nobody. When a person is deactivated their
// open cases go to colleagues by the owner rules; a sweep gives any open case
// without an active owner one (a case that arrived while nobody was on staff, an
// owner deactivated outside the API).
import { and, eq, inArray, isNull, ne, or } from 'drizzle-orm';
import { cases, users } from '../db/schema.ts';
import type { Db, Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { SYSTEM, type Actor } from '../context.ts';
import { activeStaff, pickOwner } from './choose-owner.ts';
import { assignCase } from './assign-case.ts';

/**
 * Reassigns every open (not closed) case owned by `fromUserId` by the owner rules,
 * each with an owner_assigned event, in the caller's transaction. Call it after the
 * person is marked inactive. Fails when nobody is left to take them.
 */
export async function handOverCases(tx: Tx, actor: Actor, input: { fromUserId: string; reason: string }): Promise<number> {
  const rows = await tx
    .select({ id: cases.id, number: cases.number, language: cases.language })
    .from(cases)
    .where(and(eq(cases.ownerId, input.fromUserId), ne(cases.status, 'closed')))
    .orderBy(cases.number)
    .for('update');
  if (!rows.length) return 0;
  const staff = (await activeStaff(tx, {})).filter((s) => s.id !== input.fromUserId);
  for (const r of rows) {
    const owner = pickOwner(staff, r.language, r.number);
    if (!owner) throw new AppError('OWNER_NOT_ELIGIBLE', 'nobody active is left to take over the open cases', { cases: rows.length });
    await assignCase(tx, actor, { caseId: r.id, ownerId: owner.id, reason: input.reason });
  }
  return rows.length;
}

/**
 * The sweep: open cases with no owner, or an owner who is no longer active, get one by
 * the owner rules (round robin by case number). Skips rows another worker holds; leaves
 * them as they are while nobody is on staff. Returns how many were assigned.
 */
export async function assignOwnerlessCases(db: Db, limit = 200): Promise<number> {
  return db.transaction(async (t) => {
    const tx = t as Tx;
    // The inactive owners as values, and no ORDER BY: both keep the owner index in use, so
    // the sweep costs an index probe at a million cases instead of a scan of every case.
    const inactive = (await tx.select({ id: users.id }).from(users).where(or(eq(users.active, false), eq(users.kind, 'service')))).map((u) => u.id);
    const ownerless = inactive.length ? or(isNull(cases.ownerId), inArray(cases.ownerId, inactive)) : isNull(cases.ownerId);
    const rows = (
      await tx
        .select({ id: cases.id, number: cases.number, language: cases.language })
        .from(cases)
        .where(and(ne(cases.status, 'closed'), ownerless))
        .limit(limit)
        .for('update', { skipLocked: true })
    ).sort((a, b) => a.number - b.number);
    if (!rows.length) return 0;
    const staff = await activeStaff(tx, {});
    let n = 0;
    for (const r of rows) {
      const owner = pickOwner(staff, r.language, r.number);
      if (!owner) break;
      await assignCase(tx, SYSTEM, { caseId: r.id, ownerId: owner.id, reason: 'no active owner (sweep)' });
      n++;
    }
    return n;
  });
}
