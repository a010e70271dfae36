// The customer's contract: the record as staff see it (contacts, orders,
// value, cases, compensation history, departure, keep-in-touch mail).
import { z } from 'zod';
import { IsoDate, LanguageSchema, MoneySchema } from '../../schemas.ts';

/** The customer record as staff see it. */
export const CustomerSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    language: z.string().nullable(),
    externalRef: z.string().nullable(),
    tier: z.string().nullable(),
    status: z.string(),
    mergedIntoId: z.string().nullable(),
    contacts: z.array(z.object({ kind: z.string(), value: z.string() })),
    value: z.object({ lifetimeValue: MoneySchema, orderCount: z.number(), averageOrder: MoneySchema, compensationGranted: MoneySchema }),
    orders: z.array(z.object({ id: z.string(), ref: z.string(), total: MoneySchema, placedAt: z.string() })),
    cases: z.array(z.object({ id: z.string(), number: z.string(), status: z.string(), priority: z.string(), subject: z.string().nullable(), createdAt: z.string() })),
    compensations: z.array(
      z.object({ id: z.string(), caseId: z.string(), kind: z.string(), value: MoneySchema, status: z.string(), description: z.string(), createdAt: z.string() }),
    ),
    departure: z.object({ at: z.string().nullable(), reason: z.string().nullable(), kind: z.string().nullable(), doNotContact: z.boolean(), current: z.boolean() }).nullable(),
    touches: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        key: z.string(),
        subject: z.string().nullable(),
        deliveryStatus: z.string(),
        deliveryNote: z.string().nullable(),
        createdAt: z.string(),
        sentAt: z.string().nullable(),
      }),
    ),
    createdAt: z.string(),
  })
  .meta({ id: 'Customer' });

/** One page of the customer list. */
export const CustomerListSchema = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string().nullable(), tier: z.string().nullable(), status: z.string(), lifetimeValue: MoneySchema, orderCount: z.number() })),
  nextCursor: z.string().nullable(),
});

/** A customer as staff create one. */
export const CreateCustomerBody = z.object({
  name: z.string().trim().min(1).max(200),
  emails: z.array(z.email().max(320)).max(20).optional(),
  phones: z.array(z.string().trim().min(3).max(40)).max(20).optional(),
  externalRef: z.string().trim().min(1).max(200).optional(),
  language: LanguageSchema.optional(),
  tier: z.string().trim().min(1).max(40).optional(),
});

/** An order for a customer, optionally redeeming a bonus (P-3.5). */
export const OrderBody = z.object({
  ref: z.string().trim().min(1).max(200),
  total: MoneySchema,
  placedAt: IsoDate,
  bonusId: z.string().max(100).optional().describe('redeem this bonus against the order (P-3.5)'),
  redeemBonus: z.boolean().optional().describe('redeem the customer’s oldest active bonus against the order'),
});

/** The order as recorded, with the bonus redeemed against it. */
export const OrderOut = z.object({ id: z.string(), ref: z.string(), total: MoneySchema, placedAt: z.string(), bonus: z.object({ id: z.string(), redeemed: MoneySchema }).nullable() });

/** A batch of orders, all or nothing. */
export const OrderImportBody = z.object({
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
});

/** How many orders went in and which bonuses they redeemed. */
export const OrderImportOut = z.object({ imported: z.number(), redeemed: z.array(z.object({ ref: z.string(), bonusId: z.string(), redeemed: MoneySchema })) });

/** Why the customer left, and whether they may be contacted (P-4.4). */
export const DepartureBody = z.object({
  reason: z.string().trim().min(1).max(2000),
  kind: z.enum(['accidental', 'systemic', 'unknown']),
  at: IsoDate.optional(),
  doNotContact: z.boolean().optional(),
});

/** News for departed customers (P-4.5). */
export const NewsBody = z.object({ subject: z.string().trim().min(1).max(300), body: z.string().trim().min(1).max(20_000), language: LanguageSchema.optional() });

const Count = z.number();
/** What a merge moved, and the kept record as it now stands. */
export const MergeOut = z.object({
  intoId: z.string(),
  fromId: z.string(),
  moved: z.object({
    contacts: Count,
    orders: Count,
    cases: Count,
    compensations: Count,
    calls: Count,
    reviews: Count,
    surveys: Count,
    bonuses: Count,
    customerReviews: Count,
    touches: Count,
  }),
  customer: CustomerSchema,
});

/** The customer import’s report: rows received, imported and rejected with why. */
export const CsvImportReport = z.object({
  received: z.number(),
  imported: z.number(),
  rejected: z.array(z.object({ row: z.number(), errors: z.array(z.object({ path: z.string(), message: z.string() })) })),
});

const Figures = z.object({
  lifetimeValue: MoneySchema,
  orderCount: z.number(),
  cases: z.number(),
  compensationGranted: MoneySchema,
  recoveryEffort: MoneySchema,
  costToServe: MoneySchema,
  balance: MoneySchema,
  inPeriod: z.object({ days: z.number(), count: z.number(), total: MoneySchema }),
});
/** A manager’s decision on a customer, with the figures it was made on (P-3.9). */
export const ReviewOut = z.object({ id: z.string(), customerId: z.string(), decision: z.string(), reason: z.string(), figures: z.unknown(), decidedBy: z.string().nullable(), createdAt: z.string() });
/** The figures now and the decisions so far. */
export const ReviewsOut = z.object({ figures: Figures, items: z.array(ReviewOut) });
/** A manager’s decision: keep, watch or end the relationship (P-3.9). */
export const ReviewBody = z.object({ decision: z.enum(['keep', 'watch', 'end_relationship']), reason: z.string().trim().min(1).max(5000) });
