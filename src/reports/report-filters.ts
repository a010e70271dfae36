// The filters every management report takes (period, business unit, channel, category,
// owner, interval) and their SQL over the rollup tables (refresh-report-rollup.ts).
import { sql, type SQL } from 'drizzle-orm';
import { AppError } from '../domain/errors.ts';

export const INTERVALS = ['day', 'week', 'month'] as const;
export type Interval = (typeof INTERVALS)[number];

export interface ReportFilters {
  /** [from, to): UTC days; absent ends mean the last six months up to today. */
  from?: Date;
  to?: Date;
  businessUnit?: string[];
  channel?: string[];
  categoryId?: string[];
  ownerId?: string[];
  interval?: Interval;
}

const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The period as UTC days [from, to); by default the 183 days up to and including today. */
export function periodOf(f: ReportFilters, now = new Date()): { from: string; to: string } {
  const to = f.to ?? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY);
  const from = f.from ?? new Date(+to - 183 * DAY);
  if (+from >= +to) throw new AppError('VALIDATION_FAILED', 'from must be before to');
  if (+to - +from > 3700 * DAY) throw new AppError('VALIDATION_FAILED', 'a report covers at most ten years');
  // A period that starts or ends inside a day counts that whole day (the rollup's grain is a UTC day).
  return { from: iso(from), to: iso(new Date(+to + (to.toISOString().endsWith('T00:00:00.000Z') ? 0 : DAY))) };
}

const list = (v: string[], cast: string) => sql`${`{${v.map((s) => `"${s.replace(/["\\]/g, (m) => `\\${m}`)}"`).join(',')}}`}::${sql.raw(cast)}[]`;

/** WHERE over a rollup table aliased `r`: the period and every dimension filter given. */
export function rollupWhere(f: ReportFilters, now?: Date): SQL {
  const p = periodOf(f, now);
  const where: SQL[] = [sql`r.day >= ${p.from}::date`, sql`r.day < ${p.to}::date`];
  if (f.businessUnit?.length) where.push(sql`r.business_unit = any(${list(f.businessUnit, 'text')})`);
  if (f.channel?.length) where.push(sql`r.channel = any(${list(f.channel, 'text')})`);
  if (f.categoryId?.length) where.push(sql`r.category_id = any(${list(f.categoryId, 'uuid')})`);
  if (f.ownerId?.length) where.push(sql`r.owner_id = any(${list(f.ownerId, 'uuid')})`);
  return sql.join(where, sql` and `);
}

/** The period bucket of a rollup row, as YYYY-MM-DD (weeks start on Monday). */
export function bucket(f: ReportFilters): SQL {
  const interval = f.interval ?? 'week';
  if (!(INTERVALS as readonly string[]).includes(interval)) throw new AppError('VALIDATION_FAILED', 'interval is day, week or month');
  // Inlined (one of three words, checked above): the same expression must appear verbatim in GROUP BY.
  return sql.raw(`to_char(date_trunc('${interval}', r.day::timestamp), 'YYYY-MM-DD')`);
}

/** Minor units to major, as a number (report figures feed charts). */
export const toMajor = (minor: number | string | null | undefined, exponent: number) => Math.round(Number(minor ?? 0)) / 10 ** exponent;

/** a / b rounded to four places; null when b is 0. */
export const share = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

/** Customers on record at the end of the period named `period` (a column of the outer query). */
export function customersAtEnd(f: ReportFilters, period: SQL): SQL {
  const step = `1 ${f.interval ?? 'week'}`;
  return sql`(select coalesce(sum(x.new_customers), 0)::int from report_base_daily x where x.day < (${period}::date + ${step}::interval)::date)`;
}

/** The whole periods inside the report's days, as [from, to) days; null when none is whole. */
export function fullPeriods(f: ReportFilters, now?: Date): { from: string; to: string } | null {
  const p = periodOf(f, now);
  const interval = f.interval ?? 'week';
  const d = (s: string) => new Date(`${s}T00:00:00Z`);
  const start = (x: Date) =>
    interval === 'day' ? x : interval === 'week' ? new Date(+x - ((x.getUTCDay() + 6) % 7) * DAY) : new Date(Date.UTC(x.getUTCFullYear(), x.getUTCMonth(), 1));
  const from = d(p.from);
  const s0 = start(from);
  const first = +s0 === +from ? from : interval === 'week' ? new Date(+s0 + 7 * DAY) : interval === 'month' ? new Date(Date.UTC(s0.getUTCFullYear(), s0.getUTCMonth() + 1, 1)) : from;
  const last = start(d(p.to));
  return +first < +last ? { from: iso(first), to: iso(last) } : null;
}
