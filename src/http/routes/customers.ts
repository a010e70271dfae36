// Customers and their orders (orders drive value, bonuses and the recovery rate).
import { asc, ilike, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../app.ts';
import { mutate } from '../mutate.ts';
import { errorResponses, IdParams, IsoDate, LanguageSchema, MoneySchema } from '../schemas.ts';
import { addOrder, createCustomer, getCustomer } from '../../cases/customers.ts';
import { customers } from '../../db/schema.ts';
import { fromMinor } from '../../domain/money.ts';
import { Readable } from 'node:stream';
import { mergeCustomers } from '../../cases/merge-customers.ts';
import { exportCustomers, importCustomers } from '../../cases/customer-csv.ts';
import { staffActor } from '../auth.ts';
import { AppError } from '../../domain/errors.ts';
import type { Tx } from '../../db/client.ts';

const CustomerSchema = z.looseObject({ id: z.string(), name: z.string().nullable(), contacts: z.array(z.object({ kind: z.string(), value: z.string() })) }).meta({ id: 'Customer' });

export async function customerRoutes(app: TypedApp, deps: RouteDeps) {
  const { database, services } = deps;
  app.post(
    '/api/v1/customers',
    {
      config: { permission: 'customers:write', idempotent: true },
      schema: {
        tags: ['customers'],
        body: z.object({
          name: z.string().trim().min(1).max(200),
          emails: z.array(z.email().max(320)).max(20).optional(),
          phones: z.array(z.string().trim().min(3).max(40)).max(20).optional(),
          externalRef: z.string().trim().min(1).max(200).optional(),
          language: LanguageSchema.optional(),
          tier: z.string().trim().min(1).max(40).optional(),
        }),
        response: { 201: CustomerSchema, ...errorResponses },
      },
    },
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
      },
    },
    async (req) => {
      const { q, cursor, limit } = req.query;
      const pattern = q ? `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
      const rows = await database.db
        .select()
        .from(customers)
        .where(
          sql`${pattern ? or(ilike(customers.name, pattern), ilike(customers.externalRef, pattern)) : sql`true`} and ${cursor ? sql`${customers.id} > ${cursor}` : sql`true`}`,
        )
        .orderBy(asc(customers.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      return {
        items: page.map((c) => ({ id: c.id, name: c.name, tier: c.tier, status: c.status, lifetimeValue: fromMinor(c.lifetimeValue, c.currency), orderCount: c.orderCount })),
        nextCursor: rows.length > limit ? page.at(-1)!.id : null,
      };
    },
  );
  app.get(
    '/api/v1/customers/:id',
    { config: { permission: 'customers:read' }, schema: { tags: ['customers'], params: IdParams, response: { 200: CustomerSchema, ...errorResponses } } },
    async (req) => getCustomer(database.db, req.params.id),
  );
  app.post(
    '/api/v1/customers/:id/orders',
    {
      config: { permission: 'customers:write', idempotent: true },
      schema: {
        tags: ['customers'],
        params: IdParams,
        body: z.object({ ref: z.string().trim().min(1).max(200), total: MoneySchema, placedAt: IsoDate }),
        response: { 201: z.object({ id: z.string(), ref: z.string(), total: MoneySchema, placedAt: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 201, null, async (tx) => {
        const { id } = await addOrder(tx, req.params.id, req.body);
        return { id, ref: req.body.ref, total: req.body.total, placedAt: req.body.placedAt.toISOString() };
      }),
  );
  app.post(
    '/api/v1/customers/:id/merge',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags: ['customers'],
        summary: 'Merge a duplicate record into this customer; its history moves here and stays traceable',
        params: IdParams,
        body: z.object({ fromId: z.string().min(1).max(100) }),
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        const result = await mergeCustomers(tx, staffActor(req), req.params.id, req.body.fromId);
        return { ...result, customer: await getCustomer(tx, req.params.id) };
      }),
  );
  // CSV in: the body is the file (text/csv), read as a string in this module only.
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 10 * 1024 * 1024 }, (_req, body, done) => done(null, body));
  app.post(
    '/api/v1/customers/import',
    {
      config: { permission: 'customers:write' },
      bodyLimit: 10 * 1024 * 1024,
      schema: { tags: ['customers'], summary: 'Import customers from CSV (name,email,phone,external_ref,language,tier) → a report of rejected rows' },
    },
    async (req) => {
      if (typeof req.body !== 'string') throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the file as Content-Type: text/csv');
      const text = req.body;
      return database.db.transaction((tx) => importCustomers(tx as Tx, services.config.CURRENCY, text));
    },
  );
  app.get(
    '/api/v1/customers/export',
    { config: { permission: 'customers:read' }, schema: { tags: ['customers'], summary: 'All customers as CSV, streamed' } },
    async (_req, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="customers.csv"')
        .send(Readable.from(exportCustomers(database.db))),
  );
}
