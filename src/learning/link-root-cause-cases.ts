// Cases are linked to a root cause (by id or by case number, from the case page or the
// list). A cause linked to cases of enough different customers is flagged systemic (P-4.4).
import { and, eq, inArray, sql } from 'drizzle-orm';
import { cases, rootCauseCases, rootCauses } from '../db/schema.ts';
import type { Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { parseCaseNumber } from '../domain/case-lifecycle.ts';
import { isSystemicBySpread } from '../domain/root-cause.ts';
import { actorId, type Actor } from '../context.ts';
import { appendEvent, isUuid } from '../cases/case-store.ts';
import { findRootCause } from './root-cause-view.ts';
import { loadPeopleSettings } from './learning-settings.ts';

/** Links the named cases (already linked ones are kept); answers how many were new. */
export async function linkRootCauseCases(tx: Tx, actor: Actor, input: { rootCauseId: string; caseIds?: string[]; caseNumbers?: string[] }): Promise<{ linked: number }> {
  const cause = await findRootCause(tx, input.rootCauseId, true);
  const ids = [...new Set(input.caseIds ?? [])];
  const numbers = [...new Set(input.caseNumbers ?? [])].map((n) => ({ n, parsed: parseCaseNumber(n) }));
  if (!ids.length && !numbers.length) throw new AppError('VALIDATION_FAILED', 'name at least one case');
  const badIds = ids.filter((id) => !isUuid(id));
  const badNumbers = numbers.filter((x) => x.parsed === null).map((x) => x.n);
  const found = [
    ...(ids.length - badIds.length ? await tx.select({ id: cases.id, number: cases.number }).from(cases).where(inArray(cases.id, ids.filter(isUuid))) : []),
    ...(numbers.length - badNumbers.length
      ? await tx.select({ id: cases.id, number: cases.number }).from(cases).where(inArray(cases.number, numbers.flatMap((x) => (x.parsed === null ? [] : [x.parsed]))))
      : []),
  ];
  const missingIds = ids.filter((id) => !found.some((f) => f.id === id));
  const missingNumbers = numbers.filter((x) => !found.some((f) => f.number === x.parsed)).map((x) => x.n);
  if (missingIds.length || missingNumbers.length) throw new AppError('CASE_NOT_FOUND', 'some cases do not exist', { caseIds: missingIds, caseNumbers: missingNumbers });
  const caseIds = [...new Set(found.map((f) => f.id))];
  const added = await tx
    .insert(rootCauseCases)
    .values(caseIds.map((caseId) => ({ rootCauseId: cause.id, caseId, linkedBy: actorId(actor) })))
    .onConflictDoNothing()
    .returning({ caseId: rootCauseCases.caseId });
  for (const a of added) await appendEvent(tx, a.caseId, actor, 'root_cause_linked', { rootCauseId: cause.id, title: cause.title });
  // P-4.4: seen across enough customers, it is no accident.
  if (cause.kind === 'accidental') {
    const [s] = await tx
      .select({ customers: sql<number>`count(distinct ${cases.customerId})::int` })
      .from(rootCauseCases)
      .innerJoin(cases, eq(cases.id, rootCauseCases.caseId))
      .where(eq(rootCauseCases.rootCauseId, cause.id));
    if (isSystemicBySpread(s?.customers ?? 0, await loadPeopleSettings(tx))) {
      await tx.update(rootCauses).set({ kind: 'systemic', kindSource: 'auto', updatedAt: new Date() }).where(eq(rootCauses.id, cause.id));
    }
  }
  if (added.length) await tx.update(rootCauses).set({ updatedAt: new Date() }).where(eq(rootCauses.id, cause.id));
  return { linked: added.length };
}

/** Removes one case from a root cause; the kind stays as it is (a person may set it back). */
export async function unlinkRootCauseCase(tx: Tx, actor: Actor, input: { rootCauseId: string; caseId: string }): Promise<void> {
  const cause = await findRootCause(tx, input.rootCauseId, true);
  const gone = isUuid(input.caseId)
    ? await tx.delete(rootCauseCases).where(and(eq(rootCauseCases.rootCauseId, cause.id), eq(rootCauseCases.caseId, input.caseId))).returning({ caseId: rootCauseCases.caseId })
    : [];
  if (!gone.length) throw new AppError('CASE_NOT_FOUND', 'this case is not linked to the root cause');
  await appendEvent(tx, input.caseId, actor, 'root_cause_unlinked', { rootCauseId: cause.id, title: cause.title });
}
