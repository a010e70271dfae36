// Root causes as staff read them (P-4.3, P-4.4): the list (keyset-paged, newest first) and
// one record with its linked cases and the effectiveness check computed from the data: the
// linked category's complaints in the N weeks before the action was done against the N after.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { cases, categories, customers, rootCauseCases, rootCauses, rootCauseThanks, users } from '../db/schema.ts';
import { queryRows, type Queryable } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { formatCaseNumber } from '../domain/case-lifecycle.ts';
import { changePercent, windowRates, type RootCauseStatus } from '../domain/root-cause.ts';
import { isUuid } from '../cases/case-store.ts';
import { loadPeopleSettings } from './learning-settings.ts';

export type RootCauseRow = typeof rootCauses.$inferSelect;
const WEEK = 7 * 24 * 3600 * 1000;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Loads a root cause (optionally locked) or answers ROOT_CAUSE_NOT_FOUND. */
export async function findRootCause(q: Queryable, id: string, lock = false): Promise<RootCauseRow> {
  if (!isUuid(id)) throw new AppError('ROOT_CAUSE_NOT_FOUND', 'no such root cause');
  const query = q.select().from(rootCauses).where(eq(rootCauses.id, id));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new AppError('ROOT_CAUSE_NOT_FOUND', 'no such root cause');
  return row;
}

/** How many cases and different customers each cause is linked to. */
async function spread(q: Queryable, ids: string[]): Promise<Map<string, { cases: number; customers: number }>> {
  if (!ids.length) return new Map();
  const rows = await q
    .select({ id: rootCauseCases.rootCauseId, cases: sql<number>`count(*)::int`, customers: sql<number>`count(distinct ${cases.customerId})::int` })
    .from(rootCauseCases)
    .innerJoin(cases, eq(cases.id, rootCauseCases.caseId))
    .where(inArray(rootCauseCases.rootCauseId, ids))
    .groupBy(rootCauseCases.rootCauseId);
  return new Map(rows.map((r) => [r.id, { cases: r.cases, customers: r.customers }]));
}

function summary(r: RootCauseRow, owners: Map<string, string>, s: { cases: number; customers: number } | undefined, now = new Date()) {
  return {
    id: r.id,
    title: r.title,
    kind: r.kind as 'accidental' | 'systemic',
    kindSource: r.kindSource as 'declared' | 'auto',
    action: r.action,
    ruleAdded: r.ruleAdded,
    status: r.status as RootCauseStatus,
    ownerId: r.ownerId,
    ownerName: r.ownerId ? (owners.get(r.ownerId) ?? null) : null,
    dueAt: iso(r.dueAt),
    overdue: r.dueAt !== null && r.dueAt < now && (r.status === 'open' || r.status === 'in_progress'),
    categoryId: r.categoryId,
    doneAt: iso(r.doneAt),
    verifiedAt: iso(r.verifiedAt),
    createdAt: r.createdAt.toISOString(),
    caseCount: s?.cases ?? 0,
    customerCount: s?.customers ?? 0,
  };
}

async function ownerNames(q: Queryable, rows: RootCauseRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((r) => r.ownerId).filter((x): x is string => !!x))];
  if (!ids.length) return new Map();
  return new Map((await q.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))).map((u) => [u.id, u.name]));
}

/** Newest first, keyset-paged; optionally only one status. */
export async function listRootCauses(q: Queryable, opts: { cursor?: string; limit: number; status?: RootCauseStatus }) {
  let after: { at: Date; id: string } | null = null;
  if (opts.cursor) {
    const m = /^(\d{4}-[^|]+)\|([0-9a-f-]{36})$/i.exec(Buffer.from(opts.cursor, 'base64url').toString());
    const at = m ? new Date(m[1]!) : null;
    if (!m || !at || Number.isNaN(+at)) throw new AppError('INVALID_CURSOR', 'this cursor is not one we gave out');
    after = { at, id: m[2]! };
  }
  const rows = await q
    .select()
    .from(rootCauses)
    .where(
      and(
        opts.status ? eq(rootCauses.status, opts.status) : undefined,
        after ? sql`(${rootCauses.createdAt}, ${rootCauses.id}) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(rootCauses.createdAt), desc(rootCauses.id))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  const [owners, counts] = [await ownerNames(q, page), await spread(q, page.map((r) => r.id))];
  const last = page.at(-1);
  return {
    items: page.map((r) => summary(r, owners, counts.get(r.id))),
    nextCursor: rows.length > opts.limit && last ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString('base64url') : null,
  };
}

/** The effectiveness check: null until the action is done and a category is linked. */
export async function effectiveness(q: Queryable, r: Pick<RootCauseRow, 'categoryId' | 'doneAt'>, weeks: number, now = new Date()) {
  if (!r.categoryId || !r.doneAt) return null;
  const done = r.doneAt;
  const start = new Date(+done - weeks * WEEK);
  const end = new Date(Math.min(+done + weeks * WEEK, Math.max(+now, +done)));
  const [row] = await queryRows<{ before: number; after: number; customers_before: number; customers_after: number }>(
    q,
    sql`select
      (select count(*)::int from ${cases} where ${cases.categoryId} = ${r.categoryId} and ${cases.createdAt} >= ${start.toISOString()}::timestamptz and ${cases.createdAt} < ${done.toISOString()}::timestamptz) as before,
      (select count(*)::int from ${cases} where ${cases.categoryId} = ${r.categoryId} and ${cases.createdAt} >= ${done.toISOString()}::timestamptz and ${cases.createdAt} < ${end.toISOString()}::timestamptz) as after,
      (select count(*)::int from ${customers} where ${customers.createdAt} < ${done.toISOString()}::timestamptz) as customers_before,
      (select count(*)::int from ${customers} where ${customers.createdAt} < ${end.toISOString()}::timestamptz) as customers_after`,
  );
  const before = windowRates(row!.before, weeks, row!.customers_before);
  const after = windowRates(row!.after, (+end - +done) / WEEK, row!.customers_after);
  return { weeks, from: start.toISOString(), doneAt: done.toISOString(), to: end.toISOString(), before, after, changePercent: changePercent(before, after) };
}

/** One root cause with its linked cases, its effectiveness and how many customers were thanked. */
export async function getRootCause(q: Queryable, id: string) {
  const row = await findRootCause(q, id);
  const settings = await loadPeopleSettings(q);
  const linked = await q
    .select({ id: cases.id, number: cases.number, subject: cases.subject, status: cases.status, language: cases.language, customerId: cases.customerId, customerName: customers.name, linkedAt: rootCauseCases.createdAt })
    .from(rootCauseCases)
    .innerJoin(cases, eq(cases.id, rootCauseCases.caseId))
    .innerJoin(customers, eq(customers.id, cases.customerId))
    .where(eq(rootCauseCases.rootCauseId, id))
    .orderBy(cases.number);
  const [thanked] = await q.select({ n: sql<number>`count(*)::int` }).from(rootCauseThanks).where(eq(rootCauseThanks.rootCauseId, id));
  const [category] = row.categoryId ? await q.select({ key: categories.key, labels: categories.labels }).from(categories).where(eq(categories.id, row.categoryId)) : [];
  const s = { cases: linked.length, customers: new Set(linked.map((c) => c.customerId)).size };
  return {
    ...summary(row, await ownerNames(q, [row]), s),
    category: category ? { key: category.key, labels: category.labels } : null,
    systemicThreshold: settings.systemicCustomers,
    cases: linked.map((c) => ({ id: c.id, number: formatCaseNumber(c.number), subject: c.subject, status: c.status, language: c.language, customerId: c.customerId, customerName: c.customerName, linkedAt: c.linkedAt.toISOString() })),
    thankedCustomers: thanked?.n ?? 0,
    effectiveness: await effectiveness(q, row, settings.effectivenessWeeks),
  };
}

/** The root causes one case is linked to (the case page). */
export async function rootCausesOfCase(q: Queryable, caseId: string) {
  if (!isUuid(caseId)) throw new AppError('CASE_NOT_FOUND', 'no such case');
  const rows = await q
    .select({ r: rootCauses })
    .from(rootCauseCases)
    .innerJoin(rootCauses, eq(rootCauses.id, rootCauseCases.rootCauseId))
    .where(eq(rootCauseCases.caseId, caseId))
    .orderBy(desc(rootCauses.createdAt));
  const list = rows.map((x) => x.r);
  const [owners, counts] = [await ownerNames(q, list), await spread(q, list.map((r) => r.id))];
  return { items: list.map((r) => summary(r, owners, counts.get(r.id))) };
}
