// Data-subject requests on one customer (GDPR Art. 15, 17, 20; docs/DATA-RIGHTS.md):
// everything about them as one zip, and erasing them. Admins only; both audited.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import type { Tx } from '../../../db/client.ts';
import { exportCustomerData } from '../../../data-rights/export-customer-data.ts';
import { customerArchive } from '../../../data-rights/customer-archive.ts';
import { eraseCustomer } from '../../../data-rights/erase-customer.ts';
import { auditFrom } from '../../audit-context.ts';

const EraseOut = z
  .object({
    customerId: z.string(),
    erasedAt: z.string(),
    mergedRecords: z.number(),
    contacts: z.number(),
    scrubbed: z.object({ cases: z.number(), messages: z.number(), attachments: z.number(), rawMails: z.number(), events: z.number() }),
    caseNumbers: z.array(z.string()).describe('the case numbers that remain (C-000123)'),
  })
  .meta({ id: 'CustomerErasure' });

/** GET /customers/:id/export and POST /customers/:id/erase. */
export async function dataRightsRoutes(app: TypedApp, deps: RouteDeps) {
  const { database } = deps;
  app.get(
    '/api/v1/customers/:id/export',
    {
      config: { permission: 'customers:privacy' },
      schema: {
        summary: 'Everything about this customer as one zip (data.json, attachments, raw mail), streamed; audited',
        tags: ['customers'],
        params: IdParams,
      },
    },
    async (req, reply) => {
      // Read in one transaction (with the audit row), then stream the zip.
      const data = await database.db.transaction((tx) => exportCustomerData(tx as Tx, staffActor(req), { customerId: req.params.id }, { audit: auditFrom(req) }));
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="customer-${data.customerId}.zip"`)
        .header('cache-control', 'no-store')
        .send(customerArchive(data));
    },
  );
  app.post(
    '/api/v1/customers/:id/erase',
    {
      config: { permission: 'customers:privacy' },
      schema: {
        summary: 'Erase this customer: personal data removed across the record, contacts, cases, mail, files and the timeline; numbers, dates and money stay. Idempotent.',
        tags: ['customers'],
        params: IdParams,
        response: { 200: EraseOut, ...errorResponses },
      },
    },
    async (req, reply) => mutate(deps, req, reply, 200, null, (tx) => eraseCustomer(tx, staffActor(req), { customerId: req.params.id }, { audit: auditFrom(req) })),
  );
}
