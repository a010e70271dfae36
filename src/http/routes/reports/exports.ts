// Streamed CSV exports (issue 12): the queue with its filters and sort, and the compensation
// ledger; a page of rows at a time on an index, never the whole table in memory.
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { csv } from '../../schemas.ts';
import { AppError } from '../../../domain/errors.ts';
import { exportCases, exportCompensations } from '../../../reports/export-csv.ts';
import { ListQuery } from '../cases/schemas.ts';
import { Period } from './schemas.ts';
import { recordAudit } from '../../../audit/record-audit.ts';
import { auditFrom } from '../../audit-context.ts';

const send = (reply: { type(t: string): { header(k: string, v: string): { send(b: unknown): unknown } } }, name: string, rows: AsyncGenerator<string>) =>
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(Readable.from(rows));

/** GET /api/v1/cases/export.csv and GET /api/v1/compensations/export.csv. */
export async function exportRoutes(app: TypedApp, { database }: RouteDeps) {
  app.get(
    '/api/v1/cases/export.csv',
    {
      config: { permission: 'cases:export' },
      schema: { tags: ['cases'], summary: 'The queue as CSV, with the queue’s filters and sort, streamed', querystring: ListQuery.omit({ cursor: true, limit: true }), produces: ['text/csv'] },
    },
    async (req, reply) => {
      const q = req.query;
      const me = (v: string | undefined) => (v === 'me' ? req.user!.id : v);
      for (const v of [q.ownerId, q.involving]) {
        if (v && v !== 'me' && !/^[0-9a-f-]{36}$/i.test(v)) throw new AppError('VALIDATION_FAILED', 'ownerId and involving take a user id or "me"');
      }
      await recordAudit(database.db, auditFrom(req), { action: 'cases.export', targetType: 'cases', after: { filters: q } });
      return send(reply, 'cases.csv', exportCases(database.db, { ...q, ownerId: me(q.ownerId), involving: me(q.involving) }));
    },
  );
  app.get(
    '/api/v1/compensations/export.csv',
    {
      config: { permission: 'cases:export' },
      schema: {
        tags: ['compensations'],
        summary: 'Compensations created in [from, to) as CSV, streamed',
        querystring: Period.extend({ status: csv(z.enum(['granted', 'pending_approval', 'rejected'])).optional() }),
        produces: ['text/csv'],
      },
    },
    async (req, reply) => {
      await recordAudit(database.db, auditFrom(req), { action: 'compensations.export', targetType: 'compensations', after: { filters: req.query } });
      return send(reply, 'compensations.csv', exportCompensations(database.db, { from: req.query.from ?? new Date(0), to: req.query.to ?? new Date(Date.now() + 366 * 86_400_000), status: req.query.status }));
    },
  );
}
