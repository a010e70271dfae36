// The dashboard resource: one read model of what stands open, for the desk's
// dashboard screen (one request instead of a list plus one call per case).
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { errorResponses } from '../../schemas.ts';
import { getDashboard } from '../../../reports/get-dashboard.ts';
import { OPEN_STATUSES, PRIORITIES, type CaseStatus } from '../../../domain/case-lifecycle.ts';
import { CHANNELS } from '../../../domain/channels.ts';

const Count = z.number().int().min(0);

/** The answer of GET /api/v1/dashboard: complete, so the web app's generated type is exact. */
export const DashboardSchema = z
  .object({
    open: Count,
    byStatus: z.array(z.object({ status: z.enum(OPEN_STATUSES as [CaseStatus, ...CaseStatus[]]), count: Count })),
    byPriority: z.array(z.object({ priority: z.enum(PRIORITIES), count: Count })),
    byChannel: z.array(z.object({ channel: z.enum(CHANNELS), count: Count })),
    dissatisfaction: z.object({ scored: Count, dissatisfied: Count }),
    overdueCommitments: Count,
    clocks: z.object({ breached: Count, atRisk: Count }),
    oldestOpenAt: z.string().nullable(),
    pendingApprovals: Count.nullable(),
  })
  .meta({ id: 'Dashboard' });

/** Registers GET /api/v1/dashboard. */
export async function dashboardRoutes(app: TypedApp, { database }: RouteDeps) {
  app.get(
    '/api/v1/dashboard',
    {
      config: { permission: 'cases:read' },
      schema: {
        description: 'What stands open right now: open cases by status, priority and channel, the dissatisfied share, overdue commitments, breached and at-risk clocks, the oldest open case, and (for roles that decide compensation) pending approvals.',
        tags: ['reports'],
        response: { 200: DashboardSchema, ...errorResponses },
      },
    },
    async (req) => getDashboard(database.db, staffActor(req)),
  );
}
