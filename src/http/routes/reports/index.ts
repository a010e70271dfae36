// Reports (/api/v1/reports): the return on recovery (P-3.7), gift or bonus
// as a loyalty signal (P-3.4), repeat claimants for a manager's review (P-3.8).
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { errorResponses } from '../../schemas.ts';
import { offerChoices } from '../../../reports/offer-choices.ts';
import { recoveryReport } from '../../../reports/recovery-return.ts';
import { repeatClaimants } from '../../../reports/repeat-claimants.ts';
import { paging } from '../catalog/schemas.ts';
import { managementReportRoutes } from './management.ts';
import { exportRoutes } from './exports.ts';
import { OfferChoicesSchema, Period, RecoveryReportSchema, RepeatClaimantsSchema } from './schemas.ts';

/** Open-ended periods: from the beginning, to a year ahead. */
const period = (q: { from?: Date; to?: Date }) => ({ from: q.from ?? new Date(0), to: q.to ?? new Date(Date.now() + 366 * 86_400_000) });

/** GET /reports/recovery-return, /reports/offer-choices, /reports/repeat-claimants. */
export async function reportRoutes(app: TypedApp, deps: RouteDeps) {
  const { database } = deps;
  const currency = deps.services.config.CURRENCY;
  app.get(
    '/api/v1/reports/recovery-return',
    {
      config: { permission: 'reports:read' },
      schema: {
        description: 'Cases opened in [from, to) that cost something to recover, with the totals of the period (P-3.7).',
        tags: ['reports'],
        querystring: Period.extend(paging(50)),
        response: { 200: RecoveryReportSchema, ...errorResponses },
      },
    },
    async (req) => recoveryReport(database.db, currency, { ...period(req.query), cursor: req.query.cursor, limit: req.query.limit }),
  );
  app.get(
    '/api/v1/reports/offer-choices',
    {
      config: { permission: 'reports:read' },
      schema: { description: 'Gift or bonus as a loyalty signal (P-3.4), and the bonus ledger in the period.', tags: ['reports'], querystring: Period, response: { 200: OfferChoicesSchema, ...errorResponses } },
    },
    async (req) => offerChoices(database.db, currency, period(req.query)),
  );
  app.get(
    '/api/v1/reports/repeat-claimants',
    {
      config: { permission: 'compensations:decide' },
      schema: {
        description: 'Customers with unusually many or large compensations in the period, with their history, for a manager’s review. Never a refusal.',
        tags: ['reports'],
        querystring: z.object(paging(50)),
        response: { 200: RepeatClaimantsSchema, ...errorResponses },
      },
    },
    async (req) => repeatClaimants(database.db, req.query),
  );
  await managementReportRoutes(app, deps);
  await exportRoutes(app, deps);
}
