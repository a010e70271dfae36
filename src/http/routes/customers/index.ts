// Customers (/api/v1/customers): the record, its orders, departures and
// keep-in-touch, merging duplicates, CSV in and out; managers' reviews.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import { createCustomer } from '../../../customers/create-customer.ts';
import { getCustomer } from '../../../customers/get-customer.ts';
import { listCustomers } from '../../../customers/list-customers.ts';
import { CreateCustomerBody, CustomerListSchema, CustomerSchema } from './schemas.ts';
import { orderRoutes } from './orders.ts';
import { departureRoutes } from './departures.ts';
import { mergeRoutes } from './merge.ts';
import { csvRoutes } from './csv.ts';
import { dataRightsRoutes } from './data-rights.ts';
import { acceptCsv } from '../../request-input.ts';

// JSON-only routes of the customer resource, registered in a scope without the CSV parser.
export { customerReviewRoutes } from './reviews.ts';
export { orderImportRoutes } from './orders.ts';

/** The customer record and its sub-resources; `text/csv` bodies are read as a string in this scope. */
export async function customerRoutes(app: TypedApp, deps: RouteDeps) {
  const { database, services } = deps;
  acceptCsv(app);
  app.post(
    '/api/v1/customers',
    { config: { permission: 'customers:write', idempotent: true }, schema: { tags: ['customers'], body: CreateCustomerBody, response: { 201: CustomerSchema, ...errorResponses } } },
    async (req, reply) =>
      mutate(deps, req, reply, 201, null, async (tx) => {
        const { id } = await createCustomer(tx, services.config.CURRENCY, req.body);
        return getCustomer(tx, id);
      }),
  );
  app.get(
    '/api/v1/customers',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags: ['customers'],
        querystring: z.object({ q: z.string().max(200).optional(), cursor: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: CustomerListSchema, ...errorResponses },
      },
    },
    async (req) => listCustomers(database.db, req.query),
  );
  app.get(
    '/api/v1/customers/:id',
    { config: { permission: 'customers:read' }, schema: { tags: ['customers'], params: IdParams, response: { 200: CustomerSchema, ...errorResponses } } },
    async (req) => getCustomer(database.db, req.params.id),
  );
  for (const sub of [orderRoutes, departureRoutes, mergeRoutes, csvRoutes, dataRightsRoutes]) await sub(app, deps);
}
