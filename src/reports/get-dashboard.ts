// The dashboard's read model: what stands open right now, counted in the
// database with a few set-based queries — never by reading cases one by one.
import { sql } from 'drizzle-orm';
import { queryRows, readAll, type Queryable } from '../db/client.ts';
import type { Actor } from '../context.ts';
import { OPEN_STATUSES, PRIORITIES, priorityName, type CaseStatus, type Priority } from '../domain/case-lifecycle.ts';
import { CHANNELS, type Channel } from '../domain/channels.ts';
import { roleCan } from '../domain/policy.ts';

/** A case counts as dissatisfied on the dashboard from this detection score on (the desk's red half). */
export const DISSATISFIED_FROM = 0.5;

/** The figures of the dashboard screen, in one answer. */
export interface Dashboard {
  /** Open cases (new, acknowledged, understood, resolving). */
  open: number;
  /** Every open status, with zero where none is. */
  byStatus: { status: CaseStatus; count: number }[];
  /** Every priority, with zero where none is. */
  byPriority: { priority: Priority; count: number }[];
  /** Channels with at least one open case, most first. */
  byChannel: { channel: Channel; count: number }[];
  /** Open cases with a detection score, and how many of them reach DISSATISFIED_FROM. */
  dissatisfaction: { scored: number; dissatisfied: number };
  /** Commitments on open cases that are broken or past due (P-2.11). */
  overdueCommitments: number;
  /** Clocks of open cases: past due (breached), or running inside their warning time (at risk). */
  clocks: { breached: number; atRisk: number };
  /** When the oldest open case came in. */
  oldestOpenAt: string | null;
  /** Compensations waiting for a decision (P-3.3); null for roles that do not decide them. */
  pendingApprovals: number | null;
}

type GroupRow = { status: string | null; priority: number | null; channel: string | null; g: number; count: number; scored: number; dissatisfied: number; oldest: Date | string | null };
type TotalsRow = { overdue: number; breached: number; at_risk: number; pending: number };

/** The dashboard for whoever asks; `now` is for tests. */
export async function getDashboard(tx: Queryable, actor: Actor, _input: Record<string, never> = {}, opts: { now?: Date } = {}): Promise<Dashboard> {
  const now = (opts.now ?? new Date()).toISOString();
  const open = sql.join(
    OPEN_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  );
  const [groups, [totals]] = await readAll(tx, [
    // One pass over the open cases, grouped three ways plus the grand total.
    () =>
      queryRows<GroupRow>(
        tx,
        sql`select status, priority, channel, grouping(status, priority, channel)::int as g,
                   count(*)::int as count, count(dissatisfaction_score)::int as scored,
                   count(*) filter (where dissatisfaction_score >= ${DISSATISFIED_FROM})::int as dissatisfied,
                   min(created_at) as oldest
              from cases where status in (${open})
             group by grouping sets ((status), (priority), (channel), ())`,
      ),
    () =>
      queryRows<TotalsRow>(
        tx,
        sql`select
              (select count(*)::int from commitments m join cases c on c.id = m.case_id
                where c.status in (${open}) and (m.status = 'broken' or (m.status = 'open' and m.due_at < ${now}::timestamptz))) as overdue,
              (select count(*)::int from clocks k join cases c on c.id = k.case_id
                where c.status in (${open}) and (k.status = 'breached' or (k.status = 'running' and k.due_at <= ${now}::timestamptz))) as breached,
              (select count(*)::int from clocks k join cases c on c.id = k.case_id
                where c.status in (${open}) and k.status = 'running' and k.due_at > ${now}::timestamptz and k.warn_at <= ${now}::timestamptz) as at_risk,
              (select count(*)::int from compensations where status = 'pending_approval') as pending`,
      ),
  ] as const);
  // grouping() is a bit mask over (status, priority, channel): a set bit means "not grouped by this one".
  const total = groups.find((r) => r.g === 0b111);
  const byStatus = new Map(groups.filter((r) => r.g === 0b011).map((r) => [r.status, r.count]));
  const byPriority = new Map(groups.filter((r) => r.g === 0b101).map((r) => [priorityName(r.priority ?? 1), r.count]));
  const byChannel = groups.filter((r) => r.g === 0b110 && (CHANNELS as readonly string[]).includes(r.channel ?? ''));
  const oldest = total?.oldest ?? null;
  return {
    open: total?.count ?? 0,
    byStatus: OPEN_STATUSES.map((status) => ({ status, count: byStatus.get(status) ?? 0 })),
    byPriority: PRIORITIES.map((priority) => ({ priority, count: byPriority.get(priority) ?? 0 })),
    byChannel: byChannel.map((r) => ({ channel: r.channel as Channel, count: r.count })).sort((a, b) => b.count - a.count || a.channel.localeCompare(b.channel)),
    dissatisfaction: { scored: total?.scored ?? 0, dissatisfied: total?.dissatisfied ?? 0 },
    overdueCommitments: totals?.overdue ?? 0,
    clocks: { breached: totals?.breached ?? 0, atRisk: totals?.at_risk ?? 0 },
    oldestOpenAt: oldest === null ? null : new Date(oldest).toISOString(),
    pendingApprovals: actor.type === 'user' && roleCan(actor.role, 'compensations:decide') ? (totals?.pending ?? 0) : null,
  };
}
