// Customers and their orders (orders drive value, bonuses and the recovery rate).
import { asc, ilike, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../app.ts';
import { mutate } from '../mutate.ts';
import { errorResponses, IdParams, IsoDate, LanguageSchema, MoneySchema } from '../schemas.ts';
import { createCustomer } from '../../customers/create-customer.ts';
import { recordDeparture, recordReturn } from '../../customers/record-departure.ts';
import { newId } from '../../db/ids.ts';
import { customers } from '../../db/schema.ts';
import { fromMinor } from '../../domain/money.ts';
import { Readable } from 'node:stream';
import { mergeCustomers } from '../../customers/merge-customers.ts';
import { importCustomers } from '../../customers/import-customers.ts';
import { staffActor } from '../auth.ts';
import { AppError } from '../../domain/errors.ts';
import type { Tx } from '../../db/client.ts';
import { addOrder } from '../../customers/add-order.ts';
import { getCustomer } from '../../customers/get-customer.ts';
import { exportCustomers } from '../../customers/export-customers.ts';
import { sendNews } from '../../customers/send-news.ts';
import { redeemBonus } from '../../compensation/redeem-bonus.ts';
import { oldestActiveBonus } from '../../compensation/bonus-view.ts';

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
        body: z.object({
          ref: z.string().trim().min(1).max(200),
          total: MoneySchema,
          placedAt: IsoDate,
          bonusId: z.string().max(100).optional().describe('redeem this bonus against the order (P-3.5)'),
          redeemBonus: z.boolean().optional().describe('redeem the customer’s oldest active bonus against the order'),
        }),
        response: {
          201: z.object({ id: z.string(), ref: z.string(), total: MoneySchema, placedAt: z.string(), bonus: z.object({ id: z.string(), redeemed: MoneySchema }).nullable() }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 201, null, async (tx) => {
        const { id } = await addOrder(tx, req.params.id, req.body);
        const bonusId = req.body.bonusId ?? (req.body.redeemBonus ? (await oldestActiveBonus(tx, req.params.id))?.id : undefined);
        const b = bonusId ? await redeemBonus(tx, staffActor(req), bonusId, id) : null;
        return { id, ref: req.body.ref, total: req.body.total, placedAt: req.body.placedAt.toISOString(), bonus: b ? { id: b.id, redeemed: fromMinor(b.redeemed!, b.currency) } : null };
      }),
  );

  app.post(
    '/api/v1/customers/:id/departure',
    {
      config: { permission: 'customers:write' },
      schema: {
        description:
          'P-4.4, P-4.5: the customer left. Say why and whether it was an accident or a systemic failure; departed customers get the keep-in-touch cadence (no special terms) unless they asked not to be contacted.',
        tags: ['customers'],
        params: IdParams,
        body: z.object({
          reason: z.string().trim().min(1).max(2000),
          kind: z.enum(['accidental', 'systemic', 'unknown']),
          at: IsoDate.optional(),
          doNotContact: z.boolean().optional(),
        }),
        response: { 200: CustomerSchema, ...errorResponses },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        // Staff record what happened; a contract ending on a future date comes through the channels feed.
        if (req.body.at && req.body.at.getTime() > Date.now() + 60_000) throw new AppError('VALIDATION_FAILED', 'a departure cannot be in the future');
        await recordDeparture(tx, req.params.id, req.body);
        return getCustomer(tx, req.params.id);
      }),
  );
  app.delete(
    '/api/v1/customers/:id/departure',
    {
      config: { permission: 'customers:write' },
      schema: { description: 'The customer came back: active again, the departure stays on record.', tags: ['customers'], params: IdParams, response: { 200: CustomerSchema, ...errorResponses } },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        await recordReturn(tx, req.params.id);
        return getCustomer(tx, req.params.id);
      }),
  );
  app.post(
    '/api/v1/keep-in-touch/news',
    {
      config: { permission: 'settings:manage', idempotent: true },
      schema: {
        description: 'P-4.5: important news to every departed customer who may be contacted (optionally only those of one language); one mail each through durable jobs.',
        tags: ['customers'],
        body: z.object({ subject: z.string().trim().min(1).max(300), body: z.string().trim().min(1).max(20_000), language: LanguageSchema.optional() }),
        response: { 201: z.object({ id: z.string(), added: z.number(), queued: z.number() }), ...errorResponses },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 201, null, async (tx) => {
        const id = newId();
        const r = await sendNews(tx, req.user?.kind === 'person' ? req.user.id : null, { id, ...req.body });
        return { id, ...r };
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
