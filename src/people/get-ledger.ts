// The employee ledger (P-4.8): per person and period, the praise and the justified
// complaints naming them, the bonus and penalty they earn by the configured rates, and —
// beside it — promises kept or broken (P-2.11) and clocks met or breached on their cases.
import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { cases, employeeFeedback, users } from '../db/schema.ts';
import { queryRows, type Queryable } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { formatCaseNumber } from '../domain/case-lifecycle.ts';
import { fromMinor } from '../domain/money.ts';
import { isUuid } from '../cases/case-store.ts';
import { loadPeopleSettings } from '../learning/learning-settings.ts';

export interface Period {
  from: Date;
  to: Date;
}

/** The period asked for; by default the current calendar month (UTC) up to now. */
export function periodOf(from: Date | undefined, to: Date | undefined, now = new Date()): Period {
  const p = { from: from ?? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)), to: to ?? now };
  if (p.from > p.to) throw new AppError('VALIDATION_FAILED', '`from` is after `to`');
  return p;
}

interface Totals {
  user_id: string;
  name: string;
  role: string;
  active: boolean;
  praise: number;
  complaints: number;
  kept: number;
  broken: number;
  met: number;
  breached: number;
}

/** One row per staff person (or just `userId`), counted in [from, to). */
export async function ledgerTotals(q: Queryable, p: Period, userId?: string): Promise<Totals[]> {
  const f = p.from.toISOString();
  const t = p.to.toISOString();
  return queryRows<Totals>(
    q,
    sql`select u.id as user_id, u.name, u.role, u.active,
      (select count(*)::int from employee_feedback e where e.user_id = u.id and e.kind = 'praise' and e.created_at >= ${f}::timestamptz and e.created_at < ${t}::timestamptz) as praise,
      (select count(*)::int from employee_feedback e where e.user_id = u.id and e.kind = 'complaint' and e.justified and e.created_at >= ${f}::timestamptz and e.created_at < ${t}::timestamptz) as complaints,
      (select count(*)::int from commitments c where c.owner_id = u.id and c.status = 'kept' and c.completed_at >= ${f}::timestamptz and c.completed_at < ${t}::timestamptz) as kept,
      (select count(*)::int from commitments c where c.owner_id = u.id and c.status = 'broken' and c.broken_at >= ${f}::timestamptz and c.broken_at < ${t}::timestamptz) as broken,
      (select count(*)::int from clocks k join cases s on s.id = k.case_id where s.owner_id = u.id and k.status = 'met' and k.stopped_at >= ${f}::timestamptz and k.stopped_at < ${t}::timestamptz) as met,
      (select count(*)::int from clocks k join cases s on s.id = k.case_id where s.owner_id = u.id and k.status = 'breached' and k.due_at >= ${f}::timestamptz and k.due_at < ${t}::timestamptz) as breached
    from users u where u.kind = 'person' ${userId ? sql`and u.id = ${userId}::uuid` : sql``}
    order by u.name, u.id`,
  );
}

function present(r: Totals, p: Period, rates: { praiseBonus: number; complaintPenalty: number }, currency: string) {
  const bonus = r.praise * rates.praiseBonus;
  const penalty = r.complaints * rates.complaintPenalty;
  return {
    userId: r.user_id,
    name: r.name,
    role: r.role,
    active: r.active,
    from: p.from.toISOString(),
    to: p.to.toISOString(),
    praise: r.praise,
    justifiedComplaints: r.complaints,
    bonus: fromMinor(bonus, currency),
    penalty: fromMinor(penalty, currency),
    net: fromMinor(bonus - penalty, currency),
    commitments: { kept: r.kept, broken: r.broken },
    clocks: { met: r.met, breached: r.breached },
  };
}

/** Every person's ledger for the period (the people screen). */
export async function listLedgers(q: Queryable, p: Period, currency: string) {
  const rates = await loadPeopleSettings(q);
  return { items: (await ledgerTotals(q, p)).map((r) => present(r, p, rates, currency)) };
}

/** One person's ledger with the entries behind it. */
export async function getLedger(q: Queryable, userId: string, p: Period, currency: string) {
  const [row] = isUuid(userId) ? await ledgerTotals(q, p, userId) : [];
  if (!row) throw new AppError('USER_NOT_FOUND', 'no such staff member');
  const rates = await loadPeopleSettings(q);
  const entries = await q
    .select({ e: employeeFeedback, number: cases.number, recorder: users.name })
    .from(employeeFeedback)
    .leftJoin(cases, eq(cases.id, employeeFeedback.caseId))
    .leftJoin(users, eq(users.id, employeeFeedback.recordedBy))
    .where(and(eq(employeeFeedback.userId, userId), gte(employeeFeedback.createdAt, p.from), lt(employeeFeedback.createdAt, p.to)))
    .orderBy(desc(employeeFeedback.createdAt))
    .limit(500);
  return {
    ...present(row, p, rates, currency),
    entries: entries.map(({ e, number, recorder }) => ({
      id: e.id,
      kind: e.kind as 'praise' | 'complaint',
      source: e.source,
      justified: e.justified,
      caseId: e.caseId,
      caseNumber: number !== null ? formatCaseNumber(number) : null,
      reason: e.reason,
      recordedBy: recorder,
      at: e.createdAt.toISOString(),
    })),
  };
}
