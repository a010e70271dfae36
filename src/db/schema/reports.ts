// Read models of the management reports (P-4.6): a daily rollup per (day, business unit,
// channel, category, owner) kept current by the worker from a log of changed cases and the
// facts it keeps per case, so a report over a million cases reads a few thousand rows instead
// of the cases, and a refresh recomputes only the cases that changed.
import { bigint, bigserial, boolean, date, index, integer, pgTable, primaryKey, real, text, uuid } from 'drizzle-orm/pg-core';

const dims = () => ({
  /** The UTC day the cases came in: every report counts a case in the period it arrived. */
  day: date('day', { mode: 'string' }).notNull(),
  businessUnit: text('business_unit'),
  channel: text('channel').notNull(),
  categoryId: uuid('category_id'),
  ownerId: uuid('owner_id'),
});

/**
 * What made the rollup stale: triggers on cases, clocks, messages, compensations, orders and
 * customers add the changed cases (migrations 0016, 0020); the worker recomputes those cases'
 * facts and the sums of their days.
 */
export const reportChanges = pgTable('report_changes', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** The UTC day a changed case came in (or an order was placed, or a customer was created). */
  day: date('day', { mode: 'string' }).notNull(),
  /** The changed case; none: only the day's sums (its orders, its new customers). */
  caseId: uuid('case_id'),
  /** Every case of the day is recomputed (a backfill, a change to what every case counts). */
  whole: boolean('whole').notNull().default(true),
});

/**
 * What one case adds to the rollup, kept by the worker for every case (issue 15): a change
 * recomputes only its own cases' facts — the business-time minutes, recovery and effort — and
 * the day's sums are added up again from these narrow rows, not from the cases.
 */
export const reportCaseFacts = pgTable(
  'report_case_facts',
  {
    caseId: uuid('case_id').primaryKey(),
    ...dims(),
    score: real('score'),
    journeyStage: text('journey_stage'),
    /** Business minutes to the first personal reply, and to resolution or closing (none: not yet). */
    firstResponseMinutes: integer('first_response_minutes'),
    resolutionMinutes: integer('resolution_minutes'),
    /** The regulatory band of a finished case: 3bd, 8w or after. */
    band: text('band'),
    recovered: boolean('recovered').notNull(),
    departed: boolean('departed').notNull(),
    revenueAfter: bigint('revenue_after_minor', { mode: 'number' }).notNull(),
    effortCost: bigint('effort_cost_minor', { mode: 'number' }).notNull(),
  },
  (t) => [index('report_case_facts_day_idx').on(t.day)],
);

/** The met and breached clocks of one case by kind (report_clocks_daily adds them up per day). */
export const reportCaseClocks = pgTable(
  'report_case_clocks',
  {
    caseId: uuid('case_id').notNull(),
    ...dims(),
    kind: text('kind').notNull(),
    met: integer('met').notNull(),
    breached: integer('breached').notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.kind] }), index('report_case_clocks_day_idx').on(t.day)],
);

/** The compensations of one case by kind, requesting role and status (report_compensations_daily adds them up per day). */
export const reportCaseCompensations = pgTable(
  'report_case_compensations',
  {
    caseId: uuid('case_id').notNull(),
    ...dims(),
    kind: text('kind').notNull(),
    role: text('role').notNull(),
    status: text('status').notNull(),
    count: integer('count').notNull(),
    value: bigint('value_minor', { mode: 'number' }).notNull(),
    cost: bigint('cost_minor', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.kind, t.role, t.status] }), index('report_case_compensations_day_idx').on(t.day)],
);

/** Cases per day and dimensions: volume, dissatisfaction, journey stage, regulatory bands, recovery, business-time samples. */
export const reportDaily = pgTable(
  'report_daily',
  {
    ...dims(),
    cases: integer('cases').notNull(),
    scored: integer('scored').notNull(),
    dissatisfied: integer('dissatisfied').notNull(),
    stageBefore: integer('stage_before').notNull(),
    stageAt: integer('stage_at').notNull(),
    stageAfter: integer('stage_after').notNull(),
    /** Resolved or closed cases, and how long that took against the regulatory bands. */
    finished: integer('finished').notNull(),
    within3BusinessDays: integer('within_3_business_days').notNull(),
    within8Weeks: integer('within_8_weeks').notNull(),
    after8Weeks: integer('after_8_weeks').notNull(),
    /** The customer bought again within the recovery window after the complaint (P-3.7). */
    recovered: integer('recovered').notNull(),
    /** The customer left after the complaint (departures). */
    departed: integer('departed').notNull(),
    revenueAfter: bigint('revenue_after_minor', { mode: 'number' }).notNull(),
    effortCost: bigint('effort_cost_minor', { mode: 'number' }).notNull(),
    /** Business minutes to the first personal reply and to resolution, one element per case (exact percentiles). */
    firstResponseMinutes: integer('first_response_minutes').array().notNull(),
    resolutionMinutes: integer('resolution_minutes').array().notNull(),
  },
  (t) => [index('report_daily_day_idx').on(t.day)],
);

/** Clocks of the cases of a day by kind: met or breached (SLA attainment per clock kind). */
export const reportClocksDaily = pgTable(
  'report_clocks_daily',
  {
    ...dims(),
    kind: text('kind').notNull(),
    met: integer('met').notNull(),
    breached: integer('breached').notNull(),
  },
  (t) => [index('report_clocks_daily_day_idx').on(t.day)],
);

/** Compensations on the cases of a day by kind, the requesting role and status (cost, approvals, gift vs bonus). */
export const reportCompensationsDaily = pgTable(
  'report_compensations_daily',
  {
    ...dims(),
    kind: text('kind').notNull(),
    role: text('role').notNull(),
    status: text('status').notNull(),
    count: integer('count').notNull(),
    value: bigint('value_minor', { mode: 'number' }).notNull(),
    cost: bigint('cost_minor', { mode: 'number' }).notNull(),
  },
  (t) => [index('report_compensations_daily_day_idx').on(t.day)],
);

/** The denominators per day: orders placed and customers created (dissatisfied per 100 customers, per 1,000 orders). */
export const reportBaseDaily = pgTable('report_base_daily', {
  day: date('day', { mode: 'string' }).primaryKey(),
  orders: integer('orders').notNull(),
  newCustomers: integer('new_customers').notNull(),
});

/** Where a worker sweep stands in an append-only log (the churn sweep's last case_events id). */
export const reportMarks = pgTable('report_marks', {
  name: text('name').primaryKey(),
  mark: bigint('mark', { mode: 'number' }).notNull(),
});

/**
 * The business-time medians of whole periods over every case (no dimension filter), rebuilt
 * for the periods of the changed days: the trends' most asked view reads them instead of
 * sorting half a million samples (a filtered view sorts only its own).
 */
export const reportPeriodStats = pgTable(
  'report_period_stats',
  {
    interval: text('interval').notNull(),
    period: date('period', { mode: 'string' }).notNull(),
    firstResponseP50: integer('first_response_p50'),
    resolutionP50: integer('resolution_p50'),
  },
  (t) => [primaryKey({ columns: [t.interval, t.period] })],
);
