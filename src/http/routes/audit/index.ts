// The audit log (/api/v1/audit, issue 14): admins read who did what, filtered by actor,
// action and time, newest first; the CSV export streams and is itself audited.
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { errorResponses, IsoDate } from '../../schemas.ts';
import { listAudit, type AuditRow } from '../../../audit/list-audit.ts';
import { exportAudit } from '../../../audit/export-audit.ts';
import { AUDIT_ACTIONS, recordAudit } from '../../../audit/record-audit.ts';
import { auditFrom } from '../../audit-context.ts';

const AuditEntrySchema = z
  .object({
    id: z.number(),
    at: z.string(),
    actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    action: z.string(),
    target: z.object({ type: z.string().nullable(), id: z.string().nullable() }),
    before: z.unknown(),
    after: z.unknown(),
  })
  .meta({ id: 'AuditEntry' });

const Filters = {
  actorId: z.uuid().optional().describe('only what this staff member did'),
  action: z.enum(AUDIT_ACTIONS).optional(),
  from: IsoDate.optional().describe('at or after this moment'),
  to: IsoDate.optional().describe('before this moment'),
};

const view = (r: AuditRow): z.input<typeof AuditEntrySchema> => ({
  id: Number(r.id),
  at: r.at.toISOString(),
  actor: { type: r.actorType, id: r.actorId, name: r.actorName },
  ip: r.ip,
  userAgent: r.userAgent,
  action: r.action,
  target: { type: r.targetType, id: r.targetId },
  before: r.before,
  after: r.after,
});

/** GET /audit and GET /audit/export. */
export async function auditRoutes(app: TypedApp, deps: RouteDeps) {
  const { database } = deps;
  app.get(
    '/api/v1/audit',
    {
      config: { permission: 'audit:read' },
      schema: {
        description: 'The audit log, newest first: settings, staff, API tokens, merges, exports, data-subject requests, sign-ins (failed ones with the email tried).',
        tags: ['admin'],
        querystring: z.object({ ...Filters, cursor: z.string().max(300).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ items: z.array(AuditEntrySchema), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req) => {
      const page = await listAudit(database.db, req.query);
      return { items: page.items.map(view), nextCursor: page.nextCursor };
    },
  );
  app.get(
    '/api/v1/audit/export',
    {
      config: { permission: 'audit:read' },
      schema: {
        summary: 'The audit log as CSV (the same filters), streamed; the export is itself audited',
        tags: ['admin'],
        querystring: z.object(Filters),
      },
    },
    async (req, reply) => {
      const { actorId, action, from, to } = req.query;
      await recordAudit(database.db, auditFrom(req), {
        action: 'audit.export',
        targetType: 'audit',
        after: { actorId: actorId ?? null, action: action ?? null, from: from?.toISOString() ?? null, to: to?.toISOString() ?? null },
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit.csv"')
        .send(Readable.from(exportAudit(database.db, req.query)));
    },
  );
}
