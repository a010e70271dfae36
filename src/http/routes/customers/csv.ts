// Customers in and out as CSV: import with a report of rejected rows,
// export streamed in keyset pages.
import { Readable } from 'node:stream';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { errorResponses } from '../../schemas.ts';
import { exportCustomers } from '../../../customers/export-customers.ts';
import { importCustomers } from '../../../customers/import-customers.ts';
import type { Tx } from '../../../db/client.ts';
import { AppError } from '../../../domain/errors.ts';
import { CsvImportReport } from './schemas.ts';
import { CSV_BODY_LIMIT } from '../../request-input.ts';
import { recordAudit } from '../../../audit/record-audit.ts';
import { auditFrom } from '../../audit-context.ts';

/** POST /customers/import (text/csv) and GET /customers/export. */
export async function csvRoutes(app: TypedApp, deps: RouteDeps) {
  const { database, services } = deps;
  app.post(
    '/api/v1/customers/import',
    {
      config: { permission: 'customers:write' },
      bodyLimit: CSV_BODY_LIMIT,
      schema: {
        tags: ['customers'],
        summary: 'Import customers from CSV (name,email,phone,external_ref,language,tier) → a report of rejected rows',
        response: { 200: CsvImportReport, ...errorResponses },
      },
    },
    async (req) => {
      if (typeof req.body !== 'string') throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the file as Content-Type: text/csv');
      const text = req.body;
      return database.db.transaction(async (tx) => {
        const report = await importCustomers(tx as Tx, services.config.CURRENCY, text);
        await recordAudit(tx as Tx, auditFrom(req), { action: 'customers.import', targetType: 'customers', after: { received: report.received, imported: report.imported, rejected: report.rejected.length } });
        return report;
      });
    },
  );
  app.get(
    '/api/v1/customers/export',
    { config: { permission: 'customers:export' }, schema: { tags: ['customers'], summary: 'All customers as CSV, streamed' } },
    async (req, reply) => {
      // Every customer's personal data at once: who took it, and when (issue 14).
      await recordAudit(database.db, auditFrom(req), { action: 'customers.export', targetType: 'customers' });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="customers.csv"')
        .send(Readable.from(exportCustomers(database.db)));
    },
  );
}
