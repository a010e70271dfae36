// The customer's record as staff see it: contacts, value, orders, cases,
// compensations, departure and keep-in-touch history.
import { asc, desc, eq } from 'drizzle-orm';
import { cases, compensations, customerContacts, customers, orders } from '../db/schema.ts';
import { readAll, type Queryable } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { formatCaseNumber, priorityName } from '../domain/case-lifecycle.ts';
import { fromMinor } from '../domain/money.ts';
import { identifyCustomer } from './identify-customer.ts';
import { isUuid } from '../cases/case-store.ts';
import { listTouches } from './list-touches.ts';

export async function getCustomer(q: Queryable, customerId: string) {
  if (!isUuid(customerId)) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
  const [c] = await q.select().from(customers).where(eq(customers.id, customerId));
  if (!c) throw new AppError('CUSTOMER_NOT_FOUND', 'no such customer');
  const [contacts, orderRows, caseRows, compRows, touches] = await readAll(q, [
    () => q.select().from(customerContacts).where(eq(customerContacts.customerId, customerId)).orderBy(asc(customerContacts.createdAt)),
    () => q.select().from(orders).where(eq(orders.customerId, customerId)).orderBy(desc(orders.placedAt)).limit(200),
    () => q.select().from(cases).where(eq(cases.customerId, customerId)).orderBy(desc(cases.createdAt)).limit(200),
    () => q.select().from(compensations).where(eq(compensations.customerId, customerId)).orderBy(desc(compensations.createdAt)).limit(200),
    () => listTouches(q, customerId, 20),
  ] as const);
  const granted = compRows.filter((r) => r.status === 'granted').reduce((s, r) => s + r.value, 0);
  return {
    id: c.id,
    name: c.name,
    language: c.language,
    externalRef: c.externalRef,
    tier: c.tier,
    status: c.status,
    mergedIntoId: c.mergedIntoId,
    contacts: contacts.map((k) => ({ kind: k.kind, value: k.value })),
    value: {
      lifetimeValue: fromMinor(c.lifetimeValue, c.currency),
      orderCount: c.orderCount,
      averageOrder: fromMinor(c.orderCount ? Math.round(c.lifetimeValue / c.orderCount) : 0, c.currency),
      compensationGranted: fromMinor(granted, c.currency),
    },
    orders: orderRows.map((o) => ({ id: o.id, ref: o.ref, total: fromMinor(o.total, o.currency), placedAt: o.placedAt.toISOString() })),
    cases: caseRows.map((k) => ({ id: k.id, number: formatCaseNumber(k.number), status: k.status, priority: priorityName(k.priority), subject: k.subject, createdAt: k.createdAt.toISOString() })),
    compensations: compRows.map((r) => ({ id: r.id, caseId: r.caseId, kind: r.kind, value: fromMinor(r.value, r.currency), status: r.status, description: r.description, createdAt: r.createdAt.toISOString() })),
    departure:
      c.status === 'departed' || c.departedAt
        ? { at: c.departedAt?.toISOString() ?? null, reason: c.departureReason, kind: c.departureKind, doNotContact: c.doNotContact, current: c.status === 'departed' }
        : null,
    touches,
    createdAt: c.createdAt.toISOString(),
  };
}

export { identifyCustomer };
