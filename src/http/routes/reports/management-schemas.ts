// The management reports' contract (P-4.6, issue 12): filters, and one answer per report.
import { z } from 'zod';
import { csv } from '../../schemas.ts';
import { INTERVALS } from '../../../reports/report-filters.ts';

/** A day (2026-05-01) or an instant with its offset; a report counts whole UTC days. */
const ReportDate = z.union([z.iso.date(), z.iso.datetime({ offset: true })]).transform((s) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s));

/** The filters every report takes; lists as "a,b" or repeated keys. */
export const ReportQuery = z.object({
  from: ReportDate.optional().describe('first day counted (default: 183 days before `to`)'),
  to: ReportDate.optional().describe('the day after the last counted (default: tomorrow)'),
  interval: z.enum(INTERVALS).default('week'),
  businessUnit: csv(z.string().max(100)).optional(),
  channel: csv(z.string().max(40)).optional(),
  categoryId: csv(z.uuid()).optional(),
  ownerId: csv(z.uuid()).optional(),
});

const Share = z.number().nullable();
const Minutes = z.number().nullable();

export const TrendsSchema = z
  .object({
    items: z.array(
      z.object({
        period: z.string(),
        cases: z.number(),
        dissatisfiedShare: Share,
        slaMet: Share,
        firstResponseP50Minutes: Minutes,
        resolutionP50Minutes: Minutes,
        compensationCost: z.number(),
        recoveryRate: Share,
      }),
    ),
  })
  .meta({ id: 'Trends' });

export const DissatisfactionSchema = z
  .object({
    items: z.array(
      z.object({ period: z.string(), cases: z.number(), scored: z.number(), dissatisfied: z.number(), customers: z.number(), orders: z.number(), per100Customers: z.number().nullable(), per1000Orders: z.number().nullable() }),
    ),
  })
  .meta({ id: 'DissatisfactionReport' });

export const VolumeSchema = z
  .object({
    cases: z.number(),
    byChannel: z.array(z.object({ channel: z.string(), cases: z.number() })),
    byCategory: z.array(z.object({ categoryId: z.string().nullable(), key: z.string().nullable(), labels: z.record(z.string(), z.string()), cases: z.number() })),
    byStage: z.array(z.object({ stage: z.enum(['before_purchase', 'at_purchase', 'after_purchase', 'unknown']), cases: z.number() })),
  })
  .meta({ id: 'VolumeReport' });

const Percentiles = z.object({ cases: z.number(), p50Minutes: Minutes, p90Minutes: Minutes });
export const ClockReportSchema = z
  .object({
    byKind: z.array(z.object({ kind: z.string(), met: z.number(), breached: z.number(), attainment: Share })),
    bands: z.object({ finished: z.number(), within3BusinessDays: z.number(), within8Weeks: z.number(), after8Weeks: z.number() }),
    firstResponse: Percentiles,
    resolution: Percentiles,
  })
  .meta({ id: 'ClockReport' });

export const RecoveryRateSchema = z
  .object({
    windowMonths: z.number(),
    items: z.array(
      z.object({ period: z.string(), cases: z.number(), boughtAgain: z.number(), departed: z.number(), stayed: z.number(), recoveryRate: Share, revenueAfter: z.number(), cost: z.number(), returnRatio: z.number().nullable() }),
    ),
  })
  .meta({ id: 'RecoveryRateReport' });

const Spend = z.object({ count: z.number(), value: z.number(), cost: z.number() });
export const CompensationReportSchema = z
  .object({
    byKind: z.array(Spend.extend({ kind: z.string() })),
    byRole: z.array(Spend.extend({ role: z.string() })),
    approvals: z.object({ granted: z.number(), pending: z.number(), rejected: z.number() }),
    giftVsBonus: z.object({ gift: z.object({ count: z.number(), value: z.number() }), bonus: z.object({ count: z.number(), value: z.number() }) }),
    overTime: z.array(z.object({ period: z.string(), count: z.number(), cost: z.number() })),
  })
  .meta({ id: 'CompensationReport' });
