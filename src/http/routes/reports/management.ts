// The management reports (issue 12, P-4.6): trends, dissatisfaction, volume, clocks,
// recovery rate and compensation, each as JSON and as CSV with the same filters; all read
// the rollup the worker keeps (src/reports/refresh-report-rollup.ts).
import { Readable } from 'node:stream';
import type { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { errorResponses } from '../../schemas.ts';
import type { Queryable } from '../../../db/client.ts';
import type { Actor } from '../../../context.ts';
import type { ReportFilters } from '../../../reports/report-filters.ts';
import { getTrends } from '../../../reports/get-trends.ts';
import { getDissatisfactionReport } from '../../../reports/get-dissatisfaction-report.ts';
import { getVolumeReport } from '../../../reports/get-volume-report.ts';
import { getClockReport } from '../../../reports/get-clock-report.ts';
import { getRecoveryRate } from '../../../reports/get-recovery-rate.ts';
import { getCompensationReport } from '../../../reports/get-compensation-report.ts';
import { csvLines } from '../../../reports/export-csv.ts';
import { ClockReportSchema, CompensationReportSchema, DissatisfactionSchema, RecoveryRateSchema, ReportQuery, TrendsSchema, VolumeSchema } from './management-schemas.ts';

type Run = (q: Queryable, actor: Actor, f: ReportFilters, currency: string) => Promise<unknown>;

const REPORTS: { name: string; schema: z.ZodType; description: string; run: Run }[] = [
  { name: 'trends', schema: TrendsSchema, description: 'Per period: cases, dissatisfied share (per customer on record), SLA attainment, first-response and resolution medians in business minutes, compensation cost, recovery rate.', run: (q, a, f, currency) => getTrends(q, a, f, { currency }) },
  { name: 'dissatisfaction', schema: DissatisfactionSchema, description: 'Dissatisfied cases per 100 customers on record and per 1,000 orders placed, per period (the seeds’ 7% → 2%).', run: (q, a, f) => getDissatisfactionReport(q, a, f) },
  { name: 'volume', schema: VolumeSchema, description: 'Cases by channel, by category and by journey stage.', run: (q, a, f) => getVolumeReport(q, a, f) },
  { name: 'clocks', schema: ClockReportSchema, description: 'SLA attainment per clock kind, regulatory bands (3 business days, 8 weeks, after), first response and resolution p50/p90 in business minutes.', run: (q, a, f) => getClockReport(q, a, f) },
  { name: 'recovery', schema: RecoveryRateSchema, description: 'Per period: customers who bought again within the recovery window after a complaint, who left and who stayed, and the return on recovery.', run: (q, a, f, currency) => getRecoveryRate(q, a, f, { currency }) },
  { name: 'compensation', schema: CompensationReportSchema, description: 'Compensation cost by kind and by role, approvals, gift against bonus, cost per period.', run: (q, a, f, currency) => getCompensationReport(q, a, f, { currency }) },
];

/** A report as CSV rows: its `items` when it is a series, else one row per figure (section, key, metric, value). */
export function reportCsv(report: unknown): string {
  const r = report as Record<string, unknown>;
  if (Array.isArray(r.items)) {
    const items = r.items as Record<string, unknown>[];
    return csvLines(items.length ? Object.keys(items[0]!) : ['period'], items);
  }
  const rows: Record<string, unknown>[] = [];
  for (const [section, v] of Object.entries(r)) {
    if (Array.isArray(v)) {
      for (const item of v as Record<string, unknown>[]) {
        const [keyField, key] = Object.entries(item)[0]!;
        for (const [metric, value] of Object.entries(item)) if (metric !== keyField && typeof value !== 'object') rows.push({ section, key, metric, value });
        if (keyField === 'categoryId') rows.push({ section, key, metric: 'key', value: item.key });
      }
    } else if (v && typeof v === 'object') {
      for (const [key, inner] of Object.entries(v)) {
        if (inner && typeof inner === 'object') for (const [metric, value] of Object.entries(inner)) rows.push({ section, key, metric, value });
        else rows.push({ section, key: '', metric: key, value: inner });
      }
    } else rows.push({ section, key: '', metric: section, value: v });
  }
  return csvLines(['section', 'key', 'metric', 'value'], rows);
}

/** GET /api/v1/reports/{trends,dissatisfaction,volume,clocks,recovery,compensation}[.csv]. */
export async function managementReportRoutes(app: TypedApp, { database, services }: RouteDeps) {
  const currency = services.config.CURRENCY;
  for (const r of REPORTS) {
    app.get(
      `/api/v1/reports/${r.name}`,
      { config: { permission: 'reports:read' }, schema: { description: r.description, tags: ['reports'], querystring: ReportQuery, response: { 200: r.schema, ...errorResponses } } },
      async (req) => r.run(database.db, staffActor(req), req.query, currency),
    );
    app.get(
      `/api/v1/reports/${r.name}.csv`,
      { config: { permission: 'reports:read' }, schema: { description: `${r.description} As CSV.`, tags: ['reports'], querystring: ReportQuery, produces: ['text/csv'] } },
      async (req, reply) => {
        const body = reportCsv(await r.run(database.db, staffActor(req), req.query, currency));
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${r.name}.csv"`).send(Readable.from([body]));
      },
    );
  }
}
