// Compensation economics (PLAYBOOK §3, issue 7): the catalog of amends, the
// advice before compensating, discount arithmetic, the bonus ledger, the
// return on recovery, repeat-claimant reviews.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../app.ts';
import { staffActor } from '../auth.ts';
import { mutate } from '../mutate.ts';
import { errorResponses, IdParams, IsoDate, MoneySchema, PercentSchema } from '../schemas.ts';
import { addCatalogItem, catalogView, editCatalogItem, listCatalog, loadPreset } from '../../compensation/catalog.ts';
import { compensationAdvice } from '../../compensation/compensation-advice.ts';
import { recoveryReport, recoveryReturnForCase } from '../../reports/recovery-return.ts';
import { customerFigures, reviewCustomer } from '../../customers/review-customer.ts';
import { chooseOffer } from '../../compensation/choose-offer.ts';
import { getCase } from '../../cases/get-case.ts';
import { isUuid } from '../../cases/case-store.ts';
import { bonuses, customerReviews, customers, orders } from '../../db/schema.ts';
import { AppError } from '../../domain/errors.ts';
import { CATALOG_PRESETS, COMPENSATION_KINDS, PRESET_NAMES } from '../../domain/economics.ts';
import { CaseSchema } from './cases.ts';
import { addOrder } from '../../customers/add-order.ts';
import { repeatClaimants } from '../../reports/repeat-claimants.ts';
import { discountImpactFor } from '../../compensation/discount-impact.ts';
import { offerChoices } from '../../reports/offer-choices.ts';
import { recordRecoveryCost, RECOVERY_COST_KINDS } from '../../compensation/record-recovery-cost.ts';
import { redeemBonus } from '../../compensation/redeem-bonus.ts';
import { bonusView, oldestActiveBonus } from '../../compensation/bonus-view.ts';

const CatalogItem = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  cost: MoneySchema,
  value: MoneySchema,
  remedy: z.boolean(),
  active: z.boolean(),
  preset: z.string().nullable(),
  position: z.number(),
}).meta({ id: 'CatalogItem' });
const Bonus = z.object({
  id: z.string(),
  customerId: z.string(),
  caseId: z.string(),
  compensationId: z.string(),
  amount: MoneySchema,
  status: z.enum(['active', 'redeemed', 'expired']),
  issuedAt: z.string(),
  expiresAt: z.string(),
  redeemedOrderId: z.string().nullable(),
  redeemed: MoneySchema.nullable(),
  redeemedAt: z.string().nullable(),
  expiredAt: z.string().nullable(),
}).meta({ id: 'Bonus' });
const Period = z.object({ from: IsoDate.optional(), to: IsoDate.optional() });
/** Keyset paging: an opaque cursor and a page size. */
const paging = (limit: number) => ({ cursor: z.string().max(300).optional(), limit: z.coerce.number().int().min(1).max(200).default(limit) });
const period = (q: { from?: Date; to?: Date }) => ({ from: q.from ?? new Date(0), to: q.to ?? new Date(Date.now() + 366 * 86_400_000) });

export async function economicsRoutes(app: TypedApp, deps: RouteDeps) {
  const { database, services } = deps;
  const currency = services.config.CURRENCY;
  const read = { permission: 'cases:read' as const };
  const admin = { permission: 'settings:manage' as const };

  // ---- Catalog of amends (P-3.2)
  app.get(
    '/api/v1/catalog',
    {
      config: read,
      schema: {
        description: 'The catalog of amends in its order; `all=true` includes inactive items.',
        tags: ['economics'],
        querystring: z.object({ all: z.enum(['true', 'false']).default('false'), ...paging(100) }),
        response: { 200: z.object({ items: z.array(CatalogItem), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req) => listCatalog(database.db, { all: req.query.all === 'true', cursor: req.query.cursor, limit: req.query.limit }),
  );
  app.get(
    '/api/v1/catalog/presets',
    { config: read, schema: { description: 'Presets by kind of business (P-3.2).', tags: ['economics'], response: { 200: z.object({ presets: z.record(z.string(), z.array(z.object({ name: z.string(), kind: z.string(), cost: z.string(), value: z.string(), remedy: z.boolean().optional() }))) }) } } },
    async () => ({ presets: CATALOG_PRESETS }),
  );
  app.post(
    '/api/v1/catalog/presets/:preset',
    {
      config: admin,
      schema: {
        description: 'Adds a preset’s items to the catalog (items of that preset already there are kept as edited).',
        tags: ['economics'],
        params: z.object({ preset: z.enum(PRESET_NAMES as [string, ...string[]]) }),
        response: { 200: z.object({ added: z.number(), items: z.array(CatalogItem), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        const { added } = await loadPreset(tx, currency, req.params.preset);
        return { added, ...(await listCatalog(tx, { all: true, limit: 200 })) };
      }),
  );
  const ItemBody = z.object({
    name: z.string().trim().min(1).max(300),
    kind: z.enum(COMPENSATION_KINDS),
    cost: MoneySchema,
    value: MoneySchema,
    remedy: z.boolean().optional().describe('replaces or re-makes the product: offered first for a defect (P-2.10)'),
    active: z.boolean().optional(),
    position: z.number().int().min(0).max(100_000).optional(),
  });
  app.post(
    '/api/v1/catalog',
    { config: { ...admin, idempotent: true }, schema: { tags: ['economics'], body: ItemBody, response: { 201: CatalogItem, ...errorResponses } } },
    async (req, reply) => mutate(deps, req, reply, 201, null, async (tx) => catalogView(await addCatalogItem(tx, currency, req.body))),
  );
  app.patch(
    '/api/v1/catalog/:id',
    { config: admin, schema: { tags: ['economics'], params: IdParams, body: ItemBody.partial(), response: { 200: CatalogItem, ...errorResponses } } },
    async (req, reply) => mutate(deps, req, reply, 200, null, async (tx) => catalogView(await editCatalogItem(tx, currency, req.params.id, req.body))),
  );

  // ---- Before compensating (P-3.3, P-3.5, P-2.10, P-3.7, P-3.8)
  app.get(
    '/api/v1/cases/:id/compensation-advice',
    {
      config: read,
      schema: {
        description: 'What the agent sees before offering: authority left by case and month, the bonus from the problem order, the catalog (replacement first for a defect), double compensation, repeat-claimant flag.',
        tags: ['economics'],
        params: IdParams,
        response: { 200: z.looseObject({ defect: z.boolean() }), ...errorResponses },
      },
    },
    async (req) => {
      const u = req.user!;
      return compensationAdvice(database.db, { id: u.id, role: u.role }, req.params.id);
    },
  );
  app.post(
    '/api/v1/cases/:id/discount-impact',
    {
      config: read,
      schema: {
        description: 'P-3.6: what a discount does to margin over its duration, step by step, and what to give instead. Changes nothing.',
        tags: ['economics'],
        params: IdParams,
        body: z.object({ discountPercent: PercentSchema, months: z.number().int().min(1).max(60), monthlyRevenue: MoneySchema.optional() }),
        response: { 200: z.looseObject({ steps: z.array(z.object({ key: z.string(), amount: MoneySchema, formula: z.string() })) }), ...errorResponses },
      },
    },
    async (req) => discountImpactFor(database.db, currency, req.params.id, req.body),
  );
  app.post(
    '/api/v1/cases/:id/offers/choose',
    {
      config: { permission: 'cases:write' },
      schema: { description: 'Staff record the customer’s pick between gift and bonus (P-3.4).', tags: ['compensation'], params: IdParams, body: z.object({ choice: z.enum(['gift', 'bonus']) }), response: { 200: CaseSchema, ...errorResponses } },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        await chooseOffer(tx, staffActor(req), req.params.id, req.body.choice);
        return getCase(tx, req.params.id);
      }),
  );

  // ---- Return on recovery (P-3.7)
  const CostOut = z.object({ id: z.string(), kind: z.string(), amount: MoneySchema, description: z.string().nullable() });
  app.post(
    '/api/v1/cases/:id/recovery-costs',
    {
      config: { permission: 'cases:write', idempotent: true },
      schema: {
        description: 'Record what the recovery cost beyond compensation: overtime, rework, delivery.',
        tags: ['economics'],
        params: IdParams,
        body: z.object({ kind: z.enum(RECOVERY_COST_KINDS), amount: MoneySchema, description: z.string().trim().max(2000).optional() }),
        response: { 201: CostOut, ...errorResponses },
      },
    },
    async (req, reply) => mutate(deps, req, reply, 201, null, (tx) => recordRecoveryCost(tx, currency, staffActor(req), req.params.id, req.body)),
  );
  const ReturnOut = z.object({
    caseId: z.string(),
    caseNumber: z.string(),
    cost: z.object({ compensation: MoneySchema, effort: MoneySchema, total: MoneySchema }),
    ordersAfter: z.number(),
    revenueAfter: MoneySchema,
    bonusRedeemed: MoneySchema,
    net: MoneySchema,
    ratio: z.number().nullable(),
  });
  app.get(
    '/api/v1/cases/:id/recovery-return',
    { config: read, schema: { tags: ['economics'], params: IdParams, response: { 200: ReturnOut.extend({ windowMonths: z.number() }), ...errorResponses } } },
    async (req) => {
      if (!isUuid(req.params.id)) throw new AppError('CASE_NOT_FOUND', 'no such case');
      return recoveryReturnForCase(database.db, currency, req.params.id);
    },
  );
  app.get(
    '/api/v1/reports/recovery-return',
    {
      config: { permission: 'reports:read' },
      schema: {
        description: 'Cases opened in [from, to) that cost something to recover, with the totals of the period (P-3.7).',
        tags: ['reports'],
        querystring: Period.extend(paging(50)),
        response: { 200: z.object({ windowMonths: z.number(), totals: z.looseObject({ cases: z.number() }), items: z.array(ReturnOut), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req) => recoveryReport(database.db, currency, { ...period(req.query), cursor: req.query.cursor, limit: req.query.limit }),
  );
  app.get(
    '/api/v1/reports/offer-choices',
    {
      config: { permission: 'reports:read' },
      schema: { description: 'Gift or bonus as a loyalty signal (P-3.4), and the bonus ledger in the period.', tags: ['reports'], querystring: Period, response: { 200: z.looseObject({ bonusShare: z.number().nullable() }), ...errorResponses } },
    },
    async (req) => offerChoices(database.db, currency, period(req.query)),
  );

  // ---- Repeat claimants and relationship decisions (P-3.8, P-3.9)
  app.get(
    '/api/v1/reports/repeat-claimants',
    {
      config: { permission: 'compensations:decide' },
      schema: {
        description: 'Customers with unusually many or large compensations in the period, with their history, for a manager’s review. Never a refusal.',
        tags: ['reports'],
        querystring: z.object(paging(50)),
        response: { 200: z.looseObject({ items: z.array(z.looseObject({ customerId: z.string() })), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req) => repeatClaimants(database.db, req.query),
  );
  const ReviewOut = z.object({ id: z.string(), customerId: z.string(), decision: z.string(), reason: z.string(), figures: z.unknown(), decidedBy: z.string().nullable(), createdAt: z.string() });
  app.get(
    '/api/v1/customers/:id/reviews',
    {
      config: { permission: 'compensations:decide' },
      schema: { description: 'The figures a manager decides with, and earlier decisions.', tags: ['economics'], params: IdParams, response: { 200: z.object({ figures: z.unknown(), items: z.array(ReviewOut) }), ...errorResponses } },
    },
    async (req) => {
      const { figures } = await customerFigures(database.db, req.params.id);
      const rows = await database.db.select().from(customerReviews).where(eq(customerReviews.customerId, req.params.id)).orderBy(desc(customerReviews.createdAt)).limit(100);
      return { figures, items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
    },
  );
  app.post(
    '/api/v1/customers/:id/reviews',
    {
      config: { permission: 'compensations:decide', idempotent: true },
      schema: {
        description: 'A manager’s decision on a flagged customer: keep, watch, or end the relationship (P-3.9), recorded with the figures shown.',
        tags: ['economics'],
        params: IdParams,
        body: z.object({ decision: z.enum(['keep', 'watch', 'end_relationship']), reason: z.string().trim().min(1).max(5000) }),
        response: { 201: ReviewOut, ...errorResponses },
      },
    },
    async (req, reply) => mutate(deps, req, reply, 201, null, (tx) => reviewCustomer(tx, staffActor(req), req.params.id, req.body)),
  );

  // ---- The bonus ledger (P-3.5)
  app.get(
    '/api/v1/customers/:id/bonuses',
    {
      config: { permission: 'customers:read' },
      schema: {
        description: 'The customer’s bonus ledger: issued, redeemed against an order, expired; newest first.',
        tags: ['economics'],
        params: IdParams,
        querystring: z.object({ status: z.enum(['active', 'redeemed', 'expired']).optional(), ...paging(50) }),
        response: { 200: z.object({ items: z.array(Bonus), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req) => {
      if (!isUuid(req.params.id)) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
      let after = sql`true`;
      if (req.query.cursor) {
        const m = /^([^|]+)\|([0-9a-f-]{36})$/i.exec(Buffer.from(req.query.cursor, 'base64url').toString());
        if (!m || Number.isNaN(Date.parse(m[1]!))) throw new AppError('INVALID_CURSOR', 'this cursor is not one we gave out');
        after = sql`(${bonuses.issuedAt}, ${bonuses.id}) < (${m[1]}::timestamptz, ${m[2]}::uuid)`;
      }
      const rows = await database.db
        .select()
        .from(bonuses)
        .where(and(eq(bonuses.customerId, req.params.id), req.query.status ? eq(bonuses.status, req.query.status) : undefined, after))
        .orderBy(desc(bonuses.issuedAt), desc(bonuses.id))
        .limit(req.query.limit + 1);
      const page = rows.slice(0, req.query.limit);
      const last = page.at(-1);
      return { items: page.map(bonusView), nextCursor: rows.length > req.query.limit && last ? Buffer.from(`${last.issuedAt.toISOString()}|${last.id}`).toString('base64url') : null };
    },
  );
  app.post(
    '/api/v1/bonuses/:id/redeem',
    {
      config: { permission: 'customers:write' },
      schema: {
        description: 'Redeem a bonus against a later order of the same customer (by id or reference); at most the order total comes off.',
        tags: ['economics'],
        params: IdParams,
        body: z.union([z.object({ orderId: z.string().max(100) }), z.object({ orderRef: z.string().trim().min(1).max(200) })]),
        response: { 200: Bonus, ...errorResponses },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        let orderId = 'orderId' in req.body ? req.body.orderId : '';
        if ('orderRef' in req.body) {
          const [o] = await tx.select({ id: orders.id }).from(orders).where(eq(orders.ref, req.body.orderRef));
          if (!o) throw new AppError('ORDER_NOT_FOUND', `no order ${req.body.orderRef}`);
          orderId = o.id;
        }
        return bonusView(await redeemBonus(tx, staffActor(req), req.params.id, orderId));
      }),
  );
  app.post(
    '/api/v1/orders/import',
    {
      config: { permission: 'customers:write', idempotent: true },
      schema: {
        description: 'Import orders (all or nothing). `redeemBonus: true` redeems the customer’s oldest active bonus against that order (P-3.5).',
        tags: ['economics'],
        body: z.object({
          orders: z
            .array(
              z.object({
                customerId: z.string().max(100).optional(),
                customerRef: z.string().trim().min(1).max(200).optional(),
                ref: z.string().trim().min(1).max(200),
                total: MoneySchema,
                placedAt: IsoDate,
                redeemBonus: z.boolean().optional(),
              }),
            )
            .min(1)
            .max(1000),
        }),
        response: { 201: z.object({ imported: z.number(), redeemed: z.array(z.object({ ref: z.string(), bonusId: z.string(), redeemed: MoneySchema })) }), ...errorResponses },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 201, null, async (tx) => {
        const redeemed: { ref: string; bonusId: string; redeemed: { amount: string; currency: string } }[] = [];
        const refs = [...new Set(req.body.orders.flatMap((o) => (o.customerRef && !o.customerId ? [o.customerRef] : [])))];
        const byRef = new Map<string, string>();
        if (refs.length) {
          for (const c of await tx.select({ id: customers.id, ref: customers.externalRef }).from(customers).where(inArray(customers.externalRef, refs))) byRef.set(c.ref!, c.id);
        }
        for (const [row, o] of req.body.orders.entries()) {
          try {
            const customerId = o.customerId ?? (o.customerRef ? byRef.get(o.customerRef) : undefined);
            if (!customerId) throw new AppError('CUSTOMER_NOT_FOUND', 'name the customer by customerId or a known customerRef');
            const { id } = await addOrder(tx, customerId, o);
            if (o.redeemBonus) {
              const b = await oldestActiveBonus(tx, customerId);
              if (b) {
                const r = await redeemBonus(tx, staffActor(req), b.id, id);
                redeemed.push({ ref: o.ref, bonusId: r.id, redeemed: bonusView(r).redeemed! });
              }
            }
          } catch (err) {
            if (err instanceof AppError) throw new AppError(err.code, `order ${row + 1} (${o.ref}): ${err.message}`, { row, ref: o.ref, ...(err.details as object) });
            throw err;
          }
        }
        return { imported: req.body.orders.length, redeemed };
      }),
  );
}
